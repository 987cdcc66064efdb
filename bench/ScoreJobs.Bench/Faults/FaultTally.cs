using System.Globalization;

namespace ScoreJobs.Bench.Faults;

/// <summary>What one fault scenario saw; scenarios add up into the run's summary line.</summary>
internal sealed class FaultTally(string scenario)
{
    public string Scenario { get; } = scenario;

    /// <summary>Jobs the server answered 202 for (distinct job ids).</summary>
    public int Accepted { get; set; }

    public int Completed { get; set; }

    public int Failed { get; set; }

    /// <summary>Accepted jobs whose record is gone (404) at the end.</summary>
    public int Lost { get; set; }

    /// <summary>Stored jobs still queued or running when the scenario's time was up.</summary>
    public int Unfinished { get; set; }

    /// <summary>Jobs created twice for one submission, or judged again after their record was finished.</summary>
    public int Duplicated { get; set; }

    /// <summary>5xx answers other than the 503s a deliberate storage outage calls for.</summary>
    public int ServerErrors { get; set; }

    /// <summary>503 "unavailable" while storage was deliberately down: the job was not accepted and the client retried.</summary>
    public int ExpectedUnavailable { get; set; }

    /// <summary>Answers that no client should get in this scenario (a 2xx to a hostile request, a 4xx to a good one).</summary>
    public int Unexpected { get; set; }

    /// <summary>Null scores with no reason in the job's details.</summary>
    public int UnexplainedNulls { get; set; }

    /// <summary>The server process exited when nobody killed it.</summary>
    public int Crashes { get; set; }

    /// <summary>Records or files that appeared when nothing should have been stored.</summary>
    public int StrayWrites { get; set; }

    /// <summary>Jobs whose list item (the job index) disagrees with their record, or that the list leaves out.</summary>
    public int IndexMismatches { get; set; }

    public List<string> Problems { get; } = [];

    public List<string> Facts { get; } = [];

    public bool Passed =>
        Lost == 0 && Unfinished == 0 && Duplicated == 0 && ServerErrors == 0 && Unexpected == 0 && UnexplainedNulls == 0 && Crashes == 0 && StrayWrites == 0 && IndexMismatches == 0;

    public void Problem(string text)
    {
        if (Problems.Count < 20) Problems.Add(text);
    }

    public string Line() => string.Create(CultureInfo.InvariantCulture,
        $"accepted={Accepted} completed={Completed} failed={Failed} lost={Lost} unfinished={Unfinished} duplicated={Duplicated} 5xx={ServerErrors} unexpected={Unexpected} unexplained_nulls={UnexplainedNulls} crashes={Crashes} stray_writes={StrayWrites} index_mismatches={IndexMismatches} expected_503={ExpectedUnavailable}");

    public static FaultTally Sum(IEnumerable<FaultTally> tallies)
    {
        var sum = new FaultTally("all");
        foreach (var t in tallies)
        {
            sum.Accepted += t.Accepted;
            sum.Completed += t.Completed;
            sum.Failed += t.Failed;
            sum.Lost += t.Lost;
            sum.Unfinished += t.Unfinished;
            sum.Duplicated += t.Duplicated;
            sum.ServerErrors += t.ServerErrors;
            sum.ExpectedUnavailable += t.ExpectedUnavailable;
            sum.Unexpected += t.Unexpected;
            sum.IndexMismatches += t.IndexMismatches;
            sum.UnexplainedNulls += t.UnexplainedNulls;
            sum.Crashes += t.Crashes;
            sum.StrayWrites += t.StrayWrites;
        }

        return sum;
    }
}
