using System.Collections.Concurrent;
using ScoreJobs.Bench.Load;
using ScoreJobs.Testing.FakeJudge;

namespace ScoreJobs.Bench.Judging;

/// <summary>
/// The fake OpenAI-compatible judge of <c>tests/ScoreJobs.Testing</c> in auto mode with a fixed latency, plus what the
/// bench needs on top: when each judge request arrived, per job (by the case tag every prompt carries), and faults
/// injected at chosen rates.
/// </summary>
internal sealed class BenchJudge : IAsyncDisposable
{
    private readonly FakeOpenAIServer _server;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<DateTimeOffset>> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _faults = new(StringComparer.Ordinal);
    private readonly bool _ledger;
    private int _requests;
    private int _untagged;
    private long _promptCharacters;
    private long _bodyBytes;

    private BenchJudge(FakeOpenAIServer server, bool ledger)
    {
        _server = server;
        _ledger = ledger;
        server.Responder = Respond;
    }

    public Uri Endpoint => _server.Endpoint("v1/");

    public TimeSpan Latency => _server.Options.Latency;

    /// <summary>Faults to inject from now on; <see cref="JudgeFaultPlan.None"/> answers every request with a verdict.</summary>
    public JudgeFaultPlan Faults { get; set; } = JudgeFaultPlan.None;

    /// <summary>Requests received (chat and embeddings).</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Characters of prompt text received: system and user messages of chat requests, inputs of embeddings requests.</summary>
    public long PromptCharacters => Interlocked.Read(ref _promptCharacters);

    /// <summary>Request body bytes received (prompts plus the JSON schema of the reply and the rest of the request).</summary>
    public long BodyBytes => Interlocked.Read(ref _bodyBytes);

    /// <summary>Requests that named no case tag (only counted with the ledger on).</summary>
    public int Untagged => Volatile.Read(ref _untagged);

    public int ChatRequests => _server.ChatRequestCount;

    public int EmbeddingRequests => _server.EmbeddingRequestCount;

    /// <summary>Lines of Batch API batches answered (they are not chat requests).</summary>
    public int BatchLines => _server.BatchLineCount;

    /// <summary>Batches created through the Batch API.</summary>
    public int Batches => _server.Batches.Count;

    public int MaxConcurrentRequests => _server.MaxConcurrentRequests;

    /// <summary>Faults injected so far, by kind.</summary>
    public IReadOnlyDictionary<string, int> FaultsInjected => new SortedDictionary<string, int>(_faults, StringComparer.Ordinal);

    /// <param name="ledger">Record the arrival of every request per case tag (costs a regex over each prompt).</param>
    /// <param name="usage">The prompt and completion tokens a chat reply reports, from the request and the reply; by default fixed.</param>
    public static async Task<BenchJudge> StartAsync(TimeSpan latency, bool ledger, Func<RecordedRequest, string, (int Prompt, int Completion)>? usage = null)
    {
        var server = await FakeOpenAIServer.StartAsync(new FakeOpenAIServerOptions { AutoReply = true, Latency = latency, RecordRequests = false, Usage = usage });
        return new BenchJudge(server, ledger);
    }

    /// <summary>When the judge received each request made for the case, in arrival order.</summary>
    public IReadOnlyList<DateTimeOffset> CallsFor(string caseTag) =>
        _calls.TryGetValue(caseTag, out var calls) ? [.. calls] : [];

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private FakeResponse? Respond(RecordedRequest request)
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _bodyBytes, System.Text.Encoding.UTF8.GetByteCount(request.Body));
        Interlocked.Add(ref _promptCharacters, request.IsChat ? request.SystemMessage.Length + request.UserMessage.Length : request.EmbeddingInputs.Sum(i => i.Length));
        if (_ledger)
        {
            var arrived = DateTimeOffset.UtcNow;
            if (Workload.CaseIn(request.Body) is { } tag) _calls.GetOrAdd(tag, _ => new ConcurrentQueue<DateTimeOffset>()).Enqueue(arrived);
            else Interlocked.Increment(ref _untagged);
        }

        var plan = Faults;
        if (plan.Total <= 0) return null;
        var roll = Random.Shared.NextDouble();
        if ((roll -= plan.RateLimited) < 0) return Count("429", FakeResponse.Error(429, "Rate limit reached for requests", code: "rate_limit_exceeded").WithHeader("Retry-After", "1"));
        if ((roll -= plan.ServerError) < 0) return Count("500", FakeResponse.Error(500, "The server had an error while processing your request."));
        if ((roll -= plan.Garbage) < 0)
        {
            return Random.Shared.Next(3) switch
            {
                0 => Count("garbage-reply", FakeResponse.Chat("I think the answer is mostly fine, maybe 7/10?")),
                1 => Count("garbage-json", FakeResponse.Chat("{\"verdicts\": [{\"id\": \"one\", \"verdict\": \"perhaps\"")),
                _ => Count("garbage-body", new FakeResponse { Status = 200, Body = "<html><body>502 Bad Gateway</body></html>" }),
            };
        }

        if ((roll -= plan.Hang) < 0) return Count("hang", FakeResponse.Hanging());
        return null;
    }

    private FakeResponse Count(string kind, FakeResponse response)
    {
        _faults.AddOrUpdate(kind, 1, (_, n) => n + 1);
        return response;
    }
}
