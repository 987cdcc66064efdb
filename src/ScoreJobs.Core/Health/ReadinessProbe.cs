using System.Net.Http;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using ScoreJobs.Judge;
using ScoreJobs.Queues;
using ScoreJobs.Storage;

namespace ScoreJobs.Health;

/// <summary>
/// Whether this instance can do its work now, cheaply and in parallel, each check bounded by <see cref="Timeout"/>:
/// the store (one call: the records folder exists, or one small blob listing), the queue (in-process: always; Storage:
/// one Create Queue call, which an existing queue answers with 204) and the judge (DNS and a TCP connect to its
/// endpoint's host and port: no request, no key, no tokens). No judge configured is fine: offline metrics still score.
/// Plus what the app knows without asking anyone: that every lane it writes to has a listener in it (<see cref="LaneListeners"/>).
/// </summary>
public sealed class ReadinessProbe(IJobStore store, IJobQueue queue, ServiceDescription service, IOptions<JudgeOptions> judge, LaneListeners lanes, TimeProvider time)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<IReadOnlyDictionary<string, ReadinessCheck>> CheckAsync(CancellationToken cancellationToken)
    {
        var storage = RunAsync(service.Storage, store.CheckReadyAsync, cancellationToken);
        var work = RunAsync(service.Queue, queue.CheckReadyAsync, cancellationToken);
        var judgeCheck = judge.Value.IsConfigured && Uri.TryCreate(judge.Value.Endpoint, UriKind.Absolute, out var endpoint)
            ? RunAsync("openai-compatible", ct => ConnectAsync(endpoint, ct), cancellationToken)
            : Task.FromResult(new ReadinessCheck(ReadinessCheck.NotConfigured, "none", 0));
        return new Dictionary<string, ReadinessCheck>(StringComparer.Ordinal)
        {
            ["storage"] = await storage.ConfigureAwait(false),
            ["queue"] = await work.ConfigureAwait(false),
            ["judge"] = await judgeCheck.ConfigureAwait(false),
            ["listeners"] = lanes.Unheard.Count == 0
                ? new ReadinessCheck(ReadinessCheck.Ok, ListenersKind, 0)
                : new ReadinessCheck(ReadinessCheck.Failed, ListenersKind, 0, string.Join(" ", lanes.Unheard.Values)),
        };
    }

    private const string ListenersKind = "queue-lanes";

    private async Task<ReadinessCheck> RunAsync(string kind, Func<CancellationToken, Task> check, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        using var timeout = new CancellationTokenSource(Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            // WaitAsync too: a check that ignores its token (a blocking connect) still ends on time.
            await check(linked.Token).WaitAsync(Timeout, time, cancellationToken).ConfigureAwait(false);
            return new ReadinessCheck(ReadinessCheck.Ok, kind, Elapsed());
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return new ReadinessCheck(ReadinessCheck.Failed, kind, Elapsed(), Describe(ex));
        }

        long Elapsed() => (long)time.GetElapsedTime(started).TotalMilliseconds;
    }

    private static async Task ConnectAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(endpoint.IdnHost, endpoint.Port, cancellationToken).ConfigureAwait(false);
    }

    // Exception messages can carry URLs with SAS tokens; say what kind of failure it was instead.
    private static string Describe(Exception ex) => ex switch
    {
        OperationCanceledException or TimeoutException => $"no answer within {Timeout.TotalSeconds:0} s",
        SocketException socket => $"unreachable ({socket.SocketErrorCode})",
        HttpRequestException http => $"unreachable ({http.HttpRequestError})",
        DirectoryNotFoundException => "the records folder does not exist",
        _ => $"failed ({ex.GetType().Name})",
    };
}
