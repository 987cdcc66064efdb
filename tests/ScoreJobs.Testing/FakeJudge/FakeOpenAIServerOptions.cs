namespace ScoreJobs.Testing.FakeJudge;

/// <summary>How the fake judge listens and what it answers when a test scripted nothing.</summary>
public sealed record FakeOpenAIServerOptions
{
    /// <summary>Serve https with a throwaway self-signed certificate (Entra ID tokens are only sent over https).</summary>
    public bool Https { get; init; }

    /// <summary>Answer unscripted requests with plausible verdicts (benchmarks, server tests) instead of a 500.</summary>
    public bool AutoReply { get; init; }

    /// <summary>How long each auto reply takes.</summary>
    public TimeSpan Latency { get; init; }

    public int PromptTokens { get; init; } = 400;

    public int CompletionTokens { get; init; } = 80;

    /// <summary>
    /// The usage an auto chat reply reports, from the request and the reply's content (a test that measures real token
    /// counts, say); unset, every reply reports <see cref="PromptTokens"/> and <see cref="CompletionTokens"/>.
    /// </summary>
    public Func<RecordedRequest, string, (int Prompt, int Completion)>? Usage { get; init; }

    public int EmbeddingDimensions { get; init; } = 64;

    /// <summary>
    /// Keep every request for <see cref="FakeOpenAIServer.Requests"/>. Turn off for long benchmarks: the
    /// counters still count.
    /// </summary>
    public bool RecordRequests { get; init; } = true;
}
