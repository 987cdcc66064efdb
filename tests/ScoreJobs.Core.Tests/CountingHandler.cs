using System.Collections.Concurrent;

namespace ScoreJobs;

/// <summary>Records each request that passes (method and path+query), to assert what an operation costs.</summary>
public sealed class CountingHandler : DelegatingHandler
{
    public ConcurrentQueue<string> Requests { get; } = new();

    public void Clear() => Requests.Clear();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Enqueue($"{request.Method} {request.RequestUri?.PathAndQuery}");
        return base.SendAsync(request, cancellationToken);
    }
}
