using ScoreJobs.Metrics.Judged;
using ScoreJobs.Requests;
using ScoreJobs.Rubrics;

namespace ScoreJobs.Metrics;

/// <summary>
/// Every metric this service knows, and which of them can run here: the offline metrics always,
/// the judge metrics only when a judge is configured (their implementations are registered then).
/// </summary>
public sealed class MetricCatalog
{
    private const int MaxNamesInError = 5;
    private readonly Dictionary<string, Metric> _implementations;
    private readonly IReadOnlyList<MetricDefinition> _builtIn;
    private readonly RubricLibrary? _rubrics;
    private readonly RubricMetricFactory? _rubricMetrics;

    public MetricCatalog(IEnumerable<Metric> metrics)
        : this(metrics, rubrics: null, rubricMetrics: null)
    {
    }

    /// <summary>With the server-wide <paramref name="rubrics"/>, scored through <paramref name="rubricMetrics"/> when a judge is configured.</summary>
    internal MetricCatalog(IEnumerable<Metric> metrics, RubricLibrary? rubrics, RubricMetricFactory? rubricMetrics)
    {
        _rubrics = rubrics;
        _rubricMetrics = rubricMetrics;
        _implementations = new Dictionary<string, Metric>(StringComparer.Ordinal);
        foreach (var metric in metrics)
        {
            _implementations.TryAdd(metric.Name, metric);
        }

        var judgeNames = JudgeMetricDefinitions.All.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        _builtIn =
        [
            .. JudgeMetricDefinitions.All,
            .. _implementations.Values.Select(m => m.Definition).Where(d => !judgeNames.Contains(d.Name)),
        ];
    }

    /// <summary>All known metrics, judge metrics first, then the others, then the server-wide rubrics by name, in a stable order.</summary>
    public IReadOnlyList<MetricDefinition> Definitions =>
        _rubrics is null ? _builtIn : [.. _builtIn, .. ServerRubrics.Values.OrderBy(r => r.Name, StringComparer.Ordinal).Select(RubricMetric.DefinitionOf)];

    public bool IsKnown(string name) => _builtIn.Any(d => d.Name == name) || ServerRubrics.ContainsKey(name);

    public bool IsAvailable(string name) => _implementations.ContainsKey(name) || (_rubricMetrics is not null && ServerRubrics.ContainsKey(name));

    /// <summary>
    /// The built-in metrics of the default set that can run here: what a request that names no metrics gets (with its own
    /// rubrics). The newer judge metrics are asked by name (<see cref="MetricDefinition.InDefaultSet"/>).
    /// </summary>
    public IEnumerable<string> AvailableNames => _builtIn.Where(d => d.InDefaultSet && IsAvailable(d.Name)).Select(d => d.Name);

    /// <summary>Whether <paramref name="name"/> is a built-in metric's, which no rubric may take.</summary>
    public bool IsBuiltIn(string name) => _builtIn.Any(d => d.Name == name);

    /// <summary>The server-wide rubrics by name, as last read.</summary>
    public IReadOnlyDictionary<string, RubricDefinition> ServerRubrics => _rubrics?.Current ?? EmptyRubrics;

    /// <summary>The rubric <paramref name="name"/> resolves to for <paramref name="request"/>: its own, else the server's; null for other metrics.</summary>
    public RubricDefinition? RubricFor(string name, ScoreRequest request) =>
        request.Rubrics?.FirstOrDefault(r => r.Name == name) ?? ServerRubrics.GetValueOrDefault(name);

    private static readonly IReadOnlyDictionary<string, RubricDefinition> EmptyRubrics = new Dictionary<string, RubricDefinition>(StringComparer.Ordinal);

    /// <summary>
    /// Resolves which metrics a request runs. Adds to <paramref name="errors"/> and returns null when the
    /// request names unknown or unavailable metrics, sets bad weights, or leaves nothing that can be scored.
    /// </summary>
    public MetricSelection? Select(ScoreRequest request, RequestErrors errors)
    {
        var inline = request.Rubrics ?? [];
        CheckRubrics(inline, errors);
        bool IsNamed(string name) => IsKnown(name) || inline.Any(r => r.Name == name);
        var names = request.Metrics ?? [.. AvailableNames, .. inline.Select(r => r.Name)];
        if (request.Metrics is { Count: 0 })
        {
            errors.Add("metrics", $"name at least one metric, or leave the field out for every available one ({string.Join(", ", AvailableNames)})");
        }

        var unknown = names.Distinct(StringComparer.Ordinal).Where(n => !IsNamed(n)).ToList();
        if (unknown.Count > 0)
        {
            // Name a few, not thousands: an error must never be larger than the request that caused it.
            var shown = string.Join(", ", unknown.Take(MaxNamesInError).Select(n => $"'{(n.Length <= 40 ? n : n[..40] + "…")}'"));
            var more = unknown.Count > MaxNamesInError ? $" and {unknown.Count - MaxNamesInError} more" : "";
            errors.Add("metrics", $"unknown metric {shown}{more}; valid metrics are: {string.Join(", ", Definitions.Select(d => d.Name))}");
        }

        foreach (var name in names.Distinct(StringComparer.Ordinal).Where(n => IsNamed(n) && Resolve(n, request) is null))
        {
            errors.Add("metrics", $"'{name}' needs an LLM judge and none is configured (set ScoreJobs__Judge__Endpoint); available now: {string.Join(", ", AvailableNames)}");
        }

        foreach (var (metric, weight) in request.Weights ?? new Dictionary<string, double>())
        {
            if (!IsNamed(metric))
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
        foreach (var metric in names.Distinct(StringComparer.Ordinal).Select(n => Resolve(n, request)!))
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

    /// <summary>The judge metric (a built-in or a rubric) that scores <paramref name="name"/> for <paramref name="request"/>: what a dry run plans.</summary>
    internal JudgeMetric? JudgeMetricFor(string name, ScoreRequest request) => Resolve(name, request) as JudgeMetric;

    /// <summary>The metric that scores <paramref name="name"/> for <paramref name="request"/>; null when it cannot run here.</summary>
    private Metric? Resolve(string name, ScoreRequest request)
    {
        if (_implementations.TryGetValue(name, out var metric) && !IsRubricOf(name, request)) return metric;
        return _rubricMetrics is not null && RubricFor(name, request) is { } rubric ? _rubricMetrics.Create(rubric) : null;

        static bool IsRubricOf(string name, ScoreRequest request) => request.Rubrics?.Any(r => r.Name == name) == true;
    }

    /// <summary>A request's own rubrics may take neither a built-in metric's name nor a server-wide rubric's with another definition.</summary>
    private void CheckRubrics(IReadOnlyList<RubricDefinition> inline, RequestErrors errors)
    {
        for (var i = 0; i < inline.Count; i++)
        {
            var rubric = inline[i];
            var field = $"rubrics[{i.ToString(System.Globalization.CultureInfo.InvariantCulture)}].name";
            if (IsBuiltIn(rubric.Name))
            {
                errors.Add(field, $"'{rubric.Name}' is a built-in metric; give the rubric another name");
            }
            else if (ServerRubrics.TryGetValue(rubric.Name, out var server) && !server.SameAs(rubric))
            {
                errors.Add(field, $"'{rubric.Name}' is a server-wide rubric ({server.PromptVersion}) and this definition differs ({rubric.PromptVersion}); " +
                    "give yours another name, or leave it out to use the server's");
            }
        }
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
