using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScoreJobs.Judge;

namespace ScoreJobs.Metrics.Judged;

/// <summary>The built-in judge metrics over a given judge: the registered set's twins, for a batch-mode run's collection pass.</summary>
internal static class JudgeMetricSet
{
    public static IReadOnlyList<Metric> Create(JudgeCaller judge, IOptions<JudgeOptions> options, TimeProvider time, ILoggerFactory loggers) =>
    [
        new FaithfulnessMetric(judge, options, time, loggers.CreateLogger<FaithfulnessMetric>()),
        new AnswerRelevancyMetric(judge, options, time, loggers.CreateLogger<AnswerRelevancyMetric>()),
        new ContextPrecisionMetric(judge, options, time, loggers.CreateLogger<ContextPrecisionMetric>()),
        new ContextRecallMetric(judge, options, time, loggers.CreateLogger<ContextRecallMetric>()),
        new AnswerCorrectnessMetric(judge, options, time, loggers.CreateLogger<AnswerCorrectnessMetric>()),
        new OverallQualityMetric(judge, options, time, loggers.CreateLogger<OverallQualityMetric>()),
        new FactualCorrectnessMetric(judge, options, time, loggers.CreateLogger<FactualCorrectnessMetric>()),
        new ResponseGroundednessMetric(judge, options, time, loggers.CreateLogger<ResponseGroundednessMetric>()),
        new NoiseSensitivityMetric(judge, options, time, loggers.CreateLogger<NoiseSensitivityMetric>()),
    ];
}
