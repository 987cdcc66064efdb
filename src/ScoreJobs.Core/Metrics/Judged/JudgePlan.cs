using System.Text.RegularExpressions;
using ScoreJobs.Judge;

namespace ScoreJobs.Metrics.Judged;

/// <summary>
/// One metric's conversation with the judge on one request as it would go, with no call made: the same requests
/// <see cref="JudgeSession"/> would send, each with whether the response cache already holds it and how long a reply it
/// expects. Where a call depends on an earlier reply (faithfulness's claims), the cached reply is used when there is
/// one, else an estimate from the request (the answer's sentences).
/// </summary>
internal sealed partial class JudgePlan(
    string model, string? embeddingModel, string promptVersion, bool useCache, Func<JudgeChatRequest, CancellationToken, Task<string?>> cachedReply,
    SharedJudgeCalls? shared = null)
{
    private readonly List<PlannedJudgeCall> _calls = [];
    private readonly List<IReadOnlyList<string>> _embeddings = [];

    /// <summary>The expected reply tokens of one judged item: its id, a one-sentence reason and the verdict, in JSON.</summary>
    public const int ItemReplyTokens = 40;

    /// <summary>The expected reply tokens of a summary "reason" of one or two sentences, with the object's framing.</summary>
    public const int SummaryReplyTokens = 45;

    public string Model => model;

    /// <summary>Which repetition the calls planned next belong to (1 for the first): later ones have their own cache entries.</summary>
    public int Repetition { get; set; } = 1;

    /// <summary>Null when no embedding model is configured or requested.</summary>
    public string? EmbeddingModel => embeddingModel;

    public JudgeTokenizer Tokenizer { get; } = JudgeTokenizer.For(model);

    public IReadOnlyList<PlannedJudgeCall> Calls => _calls;

    /// <summary>The inputs of each embeddings call, in order.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Embeddings => _embeddings;

    /// <summary>
    /// Plans a call as <see cref="JudgeSession.AskAsync"/> would make it; returns the cached reply read into its record when the
    /// cache holds the call, else null. <paramref name="completionTokens"/> is the reply's expected length.
    /// </summary>
    public async Task<T?> AskAsync<T>(
        JudgePrompt<T> prompt, JudgeInput input, int completionTokens, CancellationToken cancellationToken, string? itemsProperty = null, int? itemCount = null)
        where T : class
    {
        var request = prompt.Request(model, input, promptVersion, useCache, itemsProperty, itemCount) with { Repetition = Repetition };
        var cached = await cachedReply(request, cancellationToken).ConfigureAwait(false);
        _calls.Add(new PlannedJudgeCall(prompt.Name, request, completionTokens, cached is not null));
        return JudgeReplyParser.TryParse(cached, prompt.ReplyType, out var value, out _) ? value : null;
    }

    /// <summary>
    /// Plans a call as <see cref="JudgeSession.AskSharedAsync"/> would make it: counted only by the first metric of the sample
    /// to plan it. Returns the cached reply as <see cref="AskAsync"/> does.
    /// </summary>
    public async Task<T?> AskSharedAsync<T>(JudgePrompt<T> prompt, JudgeInput input, string sharedVersion, int completionTokens, CancellationToken cancellationToken)
        where T : class
    {
        var request = prompt.Request(model, input, sharedVersion, useCache) with { Repetition = Repetition };
        var cached = await cachedReply(request, cancellationToken).ConfigureAwait(false);
        if (shared?.FirstToPlan(request) ?? true) _calls.Add(new PlannedJudgeCall(prompt.Name, request, completionTokens, cached is not null));
        return JudgeReplyParser.TryParse(cached, prompt.ReplyType, out var value, out _) ? value : null;
    }

    /// <summary>Plans an embeddings call of these inputs (never cached).</summary>
    public void Embed(IReadOnlyList<string> inputs) => _embeddings.Add(inputs);

    public int Tokens(string? text) => Tokenizer.Count(text);

    /// <summary>The sentences of a text (split after . ! ? and their CJK forms, and at line breaks): the estimate of its statements.</summary>
    public static IReadOnlyList<string> Sentences(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : [.. SentenceEnd().Split(text.Trim()).Select(s => s.Trim()).Where(s => s.Length > 0)];

    [GeneratedRegex(@"(?<=[.!?。！？])\s+|(?<=[。！？])|\n+")]
    private static partial Regex SentenceEnd();
}
