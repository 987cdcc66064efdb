using Microsoft.Extensions.Options;
using ScoreJobs.Judge;
using ScoreJobs.Judge.Caching;
using ScoreJobs.Judge.Pricing;
using ScoreJobs.Metrics;
using ScoreJobs.Metrics.Judged;
using ScoreJobs.Runs;

namespace ScoreJobs.Estimates;

/// <summary>
/// Estimates what a prepared run would spend on the judge without spending it: every sample's judge metrics plan their
/// calls (<see cref="JudgeMetric.PlanAsync(Requests.ScoreRequest, Func{JudgeChatRequest, CancellationToken, Task{string?}}, CancellationToken, SharedJudgeCalls)"/>,
/// a decomposition several metrics share counted once a sample),
/// each call is looked up in the response cache without being made, and the prompts of those it does not hold are
/// counted with the judge model's tokenizer. Nothing is stored.
/// </summary>
public sealed class RunEstimator
{
    private readonly IOptions<JudgeOptions> _options;
    private readonly JudgeCaller? _judge;
    private readonly JudgeCacheProbe? _probe;

    // Cache look-ups are storage reads (a blob GET each in Azure Storage mode, up to 7 a sample): many at a time, so a
    // 10,000-sample dry run answers within an HTTP timeout rather than one sample after another.
    private const int ConcurrentSamples = 32;

    private readonly Dictionary<string, JudgeMetric> _judgeMetrics;

    private readonly MetricCatalog? _catalog;

    internal RunEstimator(IEnumerable<Metric> metrics, IOptions<JudgeOptions> options, JudgeCaller? judge = null, JudgeCacheProbe? probe = null,
        MetricCatalog? catalog = null)
    {
        _options = options;
        _catalog = catalog;
        _judge = judge;
        _probe = probe;
        _judgeMetrics = metrics.OfType<JudgeMetric>().ToDictionary(m => m.Name, StringComparer.Ordinal);
    }

    internal async Task<RunEstimate> EstimateAsync(PreparedRun run, CancellationToken cancellationToken)
    {
        var tally = new Tally();
        await Parallel.ForEachAsync(run.Samples, new ParallelOptions { MaxDegreeOfParallelism = ConcurrentSamples, CancellationToken = cancellationToken },
            async (sample, ct) =>
            {
                var shared = new SharedJudgeCalls();
                foreach (var name in sample.Request.Metrics ?? [])
                {
                    // The catalog resolves rubrics (the request's own, or the server's) as scoring does.
                    var metric = _catalog?.JudgeMetricFor(name, sample.Request) ?? _judgeMetrics.GetValueOrDefault(name);
                    if (metric is null) continue;
                    var plan = await metric.PlanAsync(sample.Request, CachedReplyAsync, ct, shared).ConfigureAwait(false);
                    tally.Add(name, plan, Count(plan), _options.Value.MaxCompletionTokens);
                }
            }).ConfigureAwait(false);
        return tally.ToEstimate(new JudgePriceTable(_options.Value), _options.Value, run.Manifest.JudgeModel ?? _options.Value.Model);
    }

    private Task<string?> CachedReplyAsync(JudgeChatRequest request, CancellationToken cancellationToken) =>
        _probe is null ? Task.FromResult<string?>(null) : _probe.CachedReplyAsync(request, cancellationToken);

    // The prompt tokens of each uncached call, on the messages the judge would send (the schema in the system message
    // when the model was found to refuse json_schema), and the embeddings' input tokens.
    private (long Prompt, long Embedding) Count(JudgePlan plan)
    {
        long prompt = 0;
        foreach (var call in plan.Calls.Where(c => !c.Cached))
        {
            var messages = _judge?.Prepare(call.Request).Messages ?? throw new InvalidOperationException("a judge metric without a judge");
            prompt += plan.Tokenizer.CountChat(messages);
        }

        var embedder = JudgeTokenizer.For(plan.EmbeddingModel);
        return (prompt, plan.Embeddings.Sum(inputs => (long)inputs.Sum(embedder.Count)));
    }

    private sealed class Tally
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<string, MetricEstimate> _byMetric = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (long Prompt, long Completion)> _chatByModel = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, long> _embeddingsByModel = new(StringComparer.OrdinalIgnoreCase);

        public void Add(string metric, JudgePlan plan, (long Prompt, long Embedding) tokens, int maxCompletionTokens)
        {
            var paid = plan.Calls.Where(c => !c.Cached).ToList();
            var completion = paid.Sum(c => (long)Math.Min(c.CompletionTokens, maxCompletionTokens));
            var share = new MetricEstimate(paid.Count, tokens.Prompt, completion, plan.Calls.Count - paid.Count, plan.Embeddings.Count);
            lock (_lock)
            {
                _byMetric[metric] = _byMetric.TryGetValue(metric, out var sum)
                    ? new MetricEstimate(sum.JudgeCalls + share.JudgeCalls, sum.PromptTokens + share.PromptTokens, sum.CompletionTokens + share.CompletionTokens,
                        sum.Cached + share.Cached, sum.EmbeddingCalls + share.EmbeddingCalls)
                    : share;
                if (paid.Count > 0)
                {
                    var (p, c) = _chatByModel.GetValueOrDefault(plan.Model);
                    _chatByModel[plan.Model] = (p + tokens.Prompt, c + completion);
                }

                if (plan.Embeddings.Count > 0 && plan.EmbeddingModel is { } embeddingModel)
                {
                    _embeddingsByModel[embeddingModel] = _embeddingsByModel.GetValueOrDefault(embeddingModel) + tokens.Embedding;
                }
            }
        }

        public RunEstimate ToEstimate(JudgePriceTable prices, JudgeOptions options, string? judgeModel)
        {
            var chat = _chatByModel.Select(m => (Model: m.Key, Usage: new TokenUsage(0, m.Value.Prompt, m.Value.Completion))).ToList();
            var embeddings = _embeddingsByModel.Select(m => (Model: m.Key, Usage: new TokenUsage(0, m.Value, 0))).ToList();
            var live = chat.Concat(embeddings).Select(m => (m.Model, Priced: prices.Price(m.Model, m.Usage))).ToList();
            var batch = chat.Select(m => prices.Price(m.Model, m.Usage, batch: true)).Concat(live.Skip(chat.Count).Select(m => m.Priced)).ToList();
            var currency = options.Currency.Trim().ToUpperInvariant();
            var unpriced = live.Where(m => m.Priced.TotalTokens > 0 && m.Priced.Cost is null).Select(m => m.Model).ToList();
            var cost = unpriced.Count == 0
                ? new EstimatedCost(live.Sum(m => m.Priced.Cost ?? 0), batch.Sum(u => u.Cost ?? 0), currency)
                : new EstimatedCost(null, null, currency)
                {
                    Reason = options.Prices.Count == 0
                        ? "no price table is configured: set ScoreJobs__Judge__Prices__0__Model, __InputPerMillion and __OutputPerMillion"
                        : $"no price for {string.Join(", ", unpriced.Select(m => $"'{m}'"))} in ScoreJobs__Judge__Prices",
                };

            return new RunEstimate(
                _byMetric.Values.Sum(m => m.JudgeCalls), _byMetric.Values.Sum(m => m.PromptTokens), _byMetric.Values.Sum(m => m.CompletionTokens), cost,
                _byMetric.Values.Sum(m => m.Cached))
            {
                EmbeddingCalls = _byMetric.Values.Sum(m => m.EmbeddingCalls),
                EmbeddingTokens = _embeddingsByModel.Values.Sum(),
                Encoding = judgeModel is null ? null : JudgeTokenizer.For(judgeModel).Encoding,
                ByMetric = _byMetric.OrderBy(m => m.Key, StringComparer.Ordinal).ToDictionary(),
            };
        }
    }
}
