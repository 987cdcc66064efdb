using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ScoreJobs.Index.Sqlite;

public sealed class SqliteLabelledPairsTests
{
    private static readonly LabelledScore[] Pairs = [Pair("a", 0.1), Pair("b", 0.2), Pair("c", 0.3)];

    [Fact]
    public void Replace_NoLeaseOut_PatchesTheHeldListWithoutACopy()
    {
        var held = Holding();
        var lease = held.Lend("faithfulness")!;
        ref readonly var before = ref MemoryMarshal.GetReference(lease.Span);
        lease.Dispose();

        held.Replace(Changed("b", 0.9));

        using var after = held.Lend("faithfulness")!;
        Assert.True(Unsafe.AreSame(in before, in MemoryMarshal.GetReference(after.Span)));
        Assert.Equal([0.1, 0.9, 0.3], after.Select(p => p.Human));
    }

    [Fact]
    public void Replace_LeaseOut_LeaseUnchangedAndTheNextOneCurrent()
    {
        var held = Holding();
        using var lease = held.Lend("faithfulness")!;

        held.Replace(Changed("b", 0.9));
        held.Replace(new Dictionary<string, List<(string Metric, LabelledScore Pair)>> { ["b"] = [] });

        Assert.Equal(Pairs, lease);
        using var after = held.Lend("faithfulness")!;
        Assert.Equal([0.1, 0.3], after.Select(p => p.Human));
    }

    [Fact]
    public void Dispose_Twice_ReturnsTheLeaseOnce()
    {
        var held = Holding();
        var first = held.Lend("faithfulness")!;
        using var second = held.Lend("faithfulness")!;
        first.Dispose();
        first.Dispose();

        held.Replace(Changed("a", 0.7));

        Assert.Equal(Pairs, second);
    }

    private static SqliteLabelledPairs Holding()
    {
        var held = new SqliteLabelledPairs();
        held.Hold("faithfulness", [.. Pairs]);
        return held;
    }

    private static Dictionary<string, List<(string Metric, LabelledScore Pair)>> Changed(string jobId, double human) =>
        new() { [jobId] = [("faithfulness", Pair(jobId, human))] };

    private static LabelledScore Pair(string jobId, double human) => new(jobId, 0.5, null, null, "ana", human);
}
