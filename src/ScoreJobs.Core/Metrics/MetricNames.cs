namespace ScoreJobs.Metrics;

/// <summary>The wire names of the built-in metrics (see CONTRACT.md).</summary>
internal static class MetricNames
{
    public const string Faithfulness = "faithfulness";
    public const string AnswerRelevancy = "answer_relevancy";
    public const string ContextPrecision = "context_precision";
    public const string ContextRecall = "context_recall";
    public const string AnswerCorrectness = "answer_correctness";
    public const string OverallQuality = "overall_quality";
    public const string FactualCorrectness = "factual_correctness";
    public const string ResponseGroundedness = "response_groundedness";
    public const string NoiseSensitivity = "noise_sensitivity";

    public const string ExactMatch = "exact_match";
    public const string TokenF1 = "token_f1";
    public const string RougeL = "rouge_l";
    public const string Bleu = "bleu";
    public const string StringSimilarity = "string_similarity";
    public const string ContextCoverage = "context_coverage";
}
