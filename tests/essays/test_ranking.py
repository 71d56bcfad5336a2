"""Ranking logic: normalisation, the tie-break chain, and Krippendorff's alpha on known values."""

import math

import numpy
import pytest

from essays.ranking import RankedEntry, agreement, assign_ranks, zscore_normalise


class FakeEntry:
    def __init__(self, pk):
        self.pk = pk
        self.jury_code = f"E{pk}"


def item(pk, mean, median=None, key=None):
    return RankedEntry(
        entry=FakeEntry(pk), mean=mean, median=median if median is not None else mean, key_criterion=key
    )


def test_ranks_follow_the_weighted_mean():
    items = [item(1, 20.0), item(2, 35.5), item(3, 28.0)]
    assign_ranks(items)
    assert {i.entry.pk: i.rank for i in items} == {2: 1, 3: 2, 1: 3}


def test_a_tie_on_the_mean_is_broken_by_the_median_then_the_key_criterion():
    by_median = [item(1, 30.0, median=29.0), item(2, 30.0, median=31.0)]
    assign_ranks(by_median)
    assert [i.rank for i in by_median] == [2, 1]
    by_key = [item(1, 30.0, median=30.0, key=8.0), item(2, 30.0, median=30.0, key=9.5)]
    assign_ranks(by_key)
    assert [i.rank for i in by_key] == [2, 1]
    assert not any(i.tied for i in by_key)


def test_entries_equal_on_the_whole_chain_share_a_rank_for_the_coordinator_to_decide():
    items = [item(1, 40.0), item(2, 30.0, key=5.0), item(3, 30.0, key=5.0), item(4, 10.0)]
    assign_ranks(items)
    assert [i.rank for i in items] == [1, 2, 2, 4]
    assert [i.tied for i in items] == [False, True, True, False]


def test_entries_without_scores_are_not_ranked():
    items = [item(1, None), item(2, 12.0)]
    assign_ranks(items)
    assert items[0].rank is None and items[1].rank == 1


def test_a_harsh_and_a_lenient_juror_agree_after_normalisation():
    harsh = {1: 10.0, 2: 20.0, 3: 30.0}
    lenient = {1: 40.0, 2: 45.0, 3: 50.0}
    result = zscore_normalise({"harsh": harsh, "lenient": lenient}, minimum=3, top=60.0)
    for entry in (1, 2, 3):
        assert math.isclose(result["harsh"][entry], result["lenient"][entry])
    assert result["harsh"][1] < result["harsh"][2] < result["harsh"][3]


def test_jurors_with_too_few_scores_keep_their_raw_totals():
    few = {1: 12.0, 2: 18.0}
    many = {1: 10.0, 2: 20.0, 3: 30.0, 4: 40.0}
    result = zscore_normalise({"few": few, "many": many}, minimum=3, top=60.0)
    assert result["few"] == few
    assert result["many"] != many


def test_normalised_scores_stay_within_the_rubric_range():
    totals = {"a": {1: 0.0, 2: 1.0, 3: 60.0}, "b": {1: 60.0, 2: 59.0, 3: 58.0}}
    result = zscore_normalise(totals, minimum=2, top=60.0)
    assert all(0.0 <= value <= 60.0 for scores in result.values() for value in scores.values())


def test_alpha_is_one_when_jurors_agree_exactly():
    totals = {"a": {1: 10.0, 2: 20.0, 3: 30.0}, "b": {1: 10.0, 2: 20.0, 3: 30.0}}
    assert agreement(totals, [1, 2, 3]) == pytest.approx(1.0)


def test_alpha_matches_krippendorffs_published_example():
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability", interval data example:
    # four coders, twelve units, alpha = 0.849.
    nan = numpy.nan
    data = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
        [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
    ]
    totals = {
        coder: {unit: value for unit, value in enumerate(row) if not math.isnan(value)}
        for coder, row in enumerate(data)
    }
    assert agreement(totals, list(range(12))) == pytest.approx(0.849, abs=0.001)


def test_alpha_needs_two_jurors_and_two_shared_entries():
    assert agreement({"a": {1: 3.0, 2: 4.0}}, [1, 2]) is None
    assert agreement({"a": {1: 3.0}, "b": {2: 4.0}}, [1, 2]) is None
