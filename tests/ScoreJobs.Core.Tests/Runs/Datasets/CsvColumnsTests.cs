using Microsoft.AspNetCore.WebUtilities;
using ScoreJobs.Requests;
using System.Text;

namespace ScoreJobs.Runs.Datasets;

public sealed class CsvColumnsTests
{
    private static (RunSubmission? Run, CsvColumns? Columns, Dictionary<string, string[]> Errors) Read(byte[] csv)
    {
        var errors = new RequestErrors();
        using var stream = new MemoryStream(csv, writable: false);
        var run = RunSubmissionReader.Read(RunInput.Csv, stream, QueryHelpers.ParseQuery(""), errors, out var columns);
        return (run, columns, errors.ToDictionary());
    }

    [Fact]
    public void Read_PandasExport_ListCellsAreContextsAndTheIndexColumnIsNamedAsIgnored()
    {
        // df.to_csv("x.csv", encoding="utf-8-sig"): the index first, list columns as str(list), quotes doubled.
        var csv = "\uFEFF,user_input,retrieved_contexts,response,reference\n" +
                  "0,退货要多久?,\"['七天无理由退货。\\n运费由买家承担。', \"\"It's free\"\"]\",七天,七天\n" +
                  "1,q2,\"['a', 'b']\",a,a\n";

        var (run, columns, errors) = Read(Encoding.UTF8.GetBytes(csv));

        Assert.Empty(errors);
        Assert.Equal(["七天无理由退货。\n运费由买家承担。", "It's free"], run!.Samples[0].Request.Contexts);
        Assert.Equal(["a", "b"], run.Samples[1].Request.Contexts);
        Assert.Null(run.Samples[0].Request.Warnings);
        Assert.Equal(["user_input", "retrieved_contexts", "response", "reference"], columns!.Read);
        Assert.Equal(["column A (no name: a pandas index? save with index=False)"], columns.Ignored);
    }

    [Fact]
    public void Read_WikiEvalHeader_IgnoredColumnsNameTheirLikelyField()
    {
        var csv = "question,context_v1,context_v2,ungrounded_answer,source,answer,poor_answer\nq,c1,c2,u,s,a,p\n";

        var (_, columns, _) = Read(Encoding.UTF8.GetBytes(csv));

        Assert.Equal(["question", "answer"], columns!.Read);
        Assert.Equal([
            "context_v1 (did you mean contexts, RAGAS retrieved_contexts?)", "context_v2 (did you mean contexts, RAGAS retrieved_contexts?)",
            "ungrounded_answer", "source", "poor_answer"], columns.Ignored);
    }

    [Fact]
    public void Read_UnreadableListCell_StaysOneContextWithAWarning()
    {
        var (run, _, errors) = Read(Encoding.UTF8.GetBytes("question,contexts\nq,\"['a' 'b']\"\n"));

        Assert.Empty(errors);
        Assert.Equal(["['a' 'b']"], run!.Samples[0].Request.Contexts);
        Assert.Contains("kept as one context", Assert.Single(run.Samples[0].Request.Warnings!), StringComparison.Ordinal);
    }
}
