using ScoreJobs.Requests;

namespace ScoreJobs.Metrics;

/// <summary>
/// Every metric this service knows, and which of them can run here: the offline metrics always,
/// the judge metrics only when a judge is configured (their implementations are registered then).
/// </summary>
public sealed class MetricCatalog
{
    private const int MaxNamesInError = 5;
    private readonly Dictionary<string, Metric> _implementations;

    public MetricCatalog(IEnumerable<Metric> metrics)
    {
        _implementations = new Dictionary<string, Metric>(StringComparer.Ordinal);
        foreach (var metric in metrics)
        {
            _implementations.TryAdd(metric.Name, metric);
        }

        var judgeNames = JudgeMetricDefinitions.All.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        Definitions =
        [
            .. JudgeMetricDefinitions.All,
            .. _implementations.Values.Select(m => m.Definition).Where(d => !judgeNames.Contains(d.Name)),
        ];
    }

    /// <summary>All known metrics, judge metrics first, in a stable order.</summary>
    public IReadOnlyList<MetricDefinition> Definitions { get; }

    public bool IsKnown(string name) => Definitions.Any(d => d.Name == name);

    public bool IsAvailable(string name) => _implementations.ContainsKey(name);

    public IEnumerable<string> AvailableNames => Definitions.Where(d => IsAvailable(d.Name)).Select(d => d.Name);

    /// <summary>
    /// Resolves which metrics a request runs. Adds to <paramref name="errors"/> and returns null when the
    /// request names unknown or unavailable metrics, sets bad weights, or leaves nothing that can be scored.
    /// </summary>
    public MetricSelection? Select(ScoreRequest request, RequestErrors errors)
    {
        var names = request.Metrics ?? AvailableNames.ToList();
        if (request.Metrics is { Count: 0 })
        {
            errors.Add("metrics", $"name at least one metric, or leave the field out for every available one ({string.Join(", ", AvailableNames)})");
        }

        var unknown = names.Distinct(StringComparer.Ordinal).Where(n => !IsKnown(n)).ToList();
        if (unknown.Count > 0)
        {
            // Name a few, not thousands: an error must never be larger than the request that caused it.
            var shown = string.Join(", ", unknown.Take(MaxNamesInError).Select(n => $"'{(n.Length <= 40 ? n : n[..40] + "…")}'"));
            var more = unknown.Count > MaxNamesInError ? $" and {unknown.Count - MaxNamesInError} more" : "";
            errors.Add("metrics", $"unknown metric {shown}{more}; valid metrics are: {string.Join(", ", Definitions.Select(d => d.Name))}");
        }

        foreach (var name in names.Distinct(StringComparer.Ordinal).Where(n => IsKnown(n) && !IsAvailable(n)))
        {
            errors.Add("metrics", $"'{name}' needs an LLM judge and none is configured (set ScoreJobs__Judge__Endpoint); available now: {string.Join(", ", AvailableNames)}");
        }

        foreach (var (metric, weight) in request.Weights ?? new Dictionary<string, double>())
        {
            if (!IsKnown(metric))
            {
                errors.Add("weights", $"unknown metric '{metric}'");
            }
            else if (!double.IsFinite(weight) || weight < 0)
            {
                errors.Add("weights", $"the weight of '{metric}' must be a non-negative number");
            }
        }

        if (!errors.IsEmpty) return null;

        var effective = new List<Metric>();
        var skipped = new Dictionary<string, string>(StringComparer.Ordinal);
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var metric in names.Distinct(StringComparer.Ordinal).Select(n => _implementations[n]))
        {
            var missing = MissingInputs(metric.Definition.Needs, request);
            if (missing == MetricInputs.None)
            {
                effective.Add(metric);
                weights[metric.Name] = request.Weights is { } w && w.TryGetValue(metric.Name, out var weight) ? weight : metric.Definition.DefaultWeight;
            }
            else
            {
                skipped[metric.Name] = "needs " + string.Join(" and ", MetricDefinition.InputNames(missing));
            }
        }

        if (effective.Count == 0 && skipped.Count == 0)
        {
            errors.Add("metrics", "no metric can run here: configure a judge (ScoreJobs__Judge__Endpoint) or name an offline metric");
            return null;
        }

        if (effective.Count == 0)
        {
            errors.Add("metrics", "none of the metrics can be scored with the inputs given: " +
                string.Join("; ", skipped.Select(s => $"{s.Key} {s.Value}")));
            return null;
        }

        return new MetricSelection(effective, skipped, weights);
    }

    private static MetricInputs MissingInputs(MetricInputs needs, ScoreRequest request)
    {
        var present = MetricInputs.Question;
        if (request.HasAnswer) present |= MetricInputs.Answer;
        if (request.HasContexts) present |= MetricInputs.Contexts;
        if (request.HasGroundTruth) present |= MetricInputs.GroundTruth;
        return needs & ~present;
    }
}
