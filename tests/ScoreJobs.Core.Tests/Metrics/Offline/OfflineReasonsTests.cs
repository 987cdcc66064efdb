using System.Text;
using System.Text.Json;
using ScoreJobs.Records;
using ScoreJobs.Requests;

namespace ScoreJobs.Metrics.Offline;

/// <summary>Every offline reason also comes as a code with parameters, which the records page renders in its own language.</summary>
public sealed class OfflineReasonsTests
{
    public static TheoryData<string, string, string, string, string> Cases => new()
    {
        // metric, answer, reference, expected code, expected parameters (name=value;...)
        { MetricNames.TokenF1, "The quick brown fox jumps", "A quick red fox jumped", "token_f1_overlap", "shared=2;reference_tokens=4;answer_tokens=4;precision=0.5;recall=0.5" },
        { MetricNames.TokenF1, "alpha", "beta", "token_f1_none", "shared=0;reference_tokens=1;answer_tokens=1" },
        { MetricNames.ExactMatch, "The cat", "cat", "exact_match_equal", "tokens=1" },
        { MetricNames.ExactMatch, "cat dog", "cat", "exact_match_differ", "answer_tokens=2;reference_tokens=1" },
        { MetricNames.RougeL, "alpha beta gamma", "alpha gamma", "rouge_l_lcs", "lcs=2;answer_tokens=3;reference_tokens=2" },
        { MetricNames.Bleu, "alpha", "beta", "bleu_no_overlap", "answer_tokens=1;reference_tokens=1" },
        { MetricNames.Bleu, "alpha beta", "alpha beta gamma", "bleu_ngrams", "order=2;matches=2/2, 1/1;brevity_penalty=0.607;answer_tokens=2;reference_tokens=3" },
        { MetricNames.StringSimilarity, "kitten", "sitting", "string_similarity_distance", "distance=3;longer=7;answer_chars=6;reference_chars=7" },
        { MetricNames.TokenF1, "!!!", "???", "empty_both", "first=answer;second=reference" },
        { MetricNames.RougeL, "...", "alpha", "empty_one", "text=answer" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ScoreAsync_AnyOfflineMetric_ReasonCodeWithItsParameters(string metric, string answer, string reference, string code, string parameters)
    {
        var result = await CreateSut(metric).ScoreAsync(new ScoreRequest { Question = "q", Answer = answer, GroundTruth = reference }, CancellationToken.None);

        Assert.NotNull(result.Reason);
        Assert.Equal(code, result.ReasonCode);
        Assert.Equal(parameters, string.Join(';', result.ReasonParams!.Select(p => $"{p.Key}={p.Value}")));
    }

    [Fact]
    public async Task ScoreAsync_ContextCoverage_ReasonCodeCountsTheReferenceTokensFound()
    {
        var result = await CreateSut(MetricNames.ContextCoverage).ScoreAsync(
            new ScoreRequest { Question = "q", Contexts = ["alpha beta", "gamma"], GroundTruth = "alpha gamma delta" }, CancellationToken.None);

        Assert.Equal("context_coverage_found", result.ReasonCode);
        Assert.Equal(new Dictionary<string, string> { ["found"] = "2", ["reference_tokens"] = "3" }, result.ReasonParams);
    }

    [Fact]
    public async Task ScoreAsync_CappedAnswer_ParametersSayWhichTextWasCut()
    {
        var answer = new StringBuilder("alpha beta gamma").Insert(16, " filler", 5_000).ToString();

        var result = await CreateSut(MetricNames.RougeL).ScoreAsync(new ScoreRequest { Question = "q", Answer = answer, GroundTruth = "alpha beta gamma" }, CancellationToken.None);

        Assert.Equal("answer", result.ReasonParams!["capped"]);
        Assert.Equal("4000", result.ReasonParams["cap"]);
        Assert.Equal("tokens", result.ReasonParams["cap_unit"]);
    }

    [Fact]
    public async Task Serialize_StoredRecord_ReasonCodeAndParamsInSnakeCaseBesideTheReason()
    {
        var result = await CreateSut(MetricNames.ExactMatch).ScoreAsync(new ScoreRequest { Question = "q", Answer = "cat dog", GroundTruth = "cat" }, CancellationToken.None);

        var json = JsonDocument.Parse(JsonSerializer.Serialize(result, RecordJsonContext.Readable.MetricResult)).RootElement;

        Assert.Equal("exact_match_differ", json.GetProperty("reason_code").GetString());
        Assert.Equal("2", json.GetProperty("reason_params").GetProperty("answer_tokens").GetString());
        Assert.StartsWith("the answer differs", json.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    private static Metric CreateSut(string metric) => metric switch
    {
        MetricNames.TokenF1 => new TokenF1Metric(),
        MetricNames.ExactMatch => new ExactMatchMetric(),
        MetricNames.RougeL => new RougeLMetric(),
        MetricNames.Bleu => new BleuMetric(),
        MetricNames.StringSimilarity => new StringSimilarityMetric(),
        MetricNames.ContextCoverage => new ContextCoverageMetric(),
        _ => throw new ArgumentOutOfRangeException(nameof(metric)),
    };
}
