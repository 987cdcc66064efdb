using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScoreJobs.Judge;
using ScoreJobs.Rubrics;

namespace ScoreJobs.Metrics.Judged;

/// <summary>Rubric metrics over the configured judge, one per definition (by prompt version), made when first asked for.</summary>
internal sealed class RubricMetricFactory(JudgeCaller judge, IOptions<JudgeOptions> options, TimeProvider time, ILoggerFactory loggers)
{
    private const int MaxKept = 1000;
    private readonly ConcurrentDictionary<string, RubricMetric> _metrics = new(StringComparer.Ordinal);

    public RubricMetric Create(RubricDefinition rubric)
    {
        // Inline rubrics come and go with requests: the cache of metrics is bounded; a metric holds nothing but its definition.
        if (_metrics.Count >= MaxKept) _metrics.Clear();
        // The weight and description are outside the hash, but in the metric's catalog entry.
        var key = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{rubric.PromptVersion}|{rubric.Weight}|{rubric.Description}");
        return _metrics.GetOrAdd(key, _ => new RubricMetric(rubric, judge, options, time, loggers.CreateLogger<RubricMetric>()));
    }

    /// <summary>A rubric metric over another judge (a batch-mode run's collecting one), which keeps no steps for the jobs.</summary>
    public RubricMetric Create(RubricDefinition rubric, JudgeCaller over) =>
        new(rubric, over, options, time, loggers.CreateLogger<RubricMetric>(), keepsSteps: false);
}
