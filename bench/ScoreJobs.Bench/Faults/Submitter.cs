using System.Collections.Concurrent;
using System.Diagnostics;
using ScoreJobs.Bench.Load;

namespace ScoreJobs.Bench.Faults;

/// <summary>
/// Clients submitting jobs at a steady rate, as a Dify workflow would: each job has its own Idempotency-Key, and a
/// submit that gets no answer (the server was killed) or a 503 (storage down) is retried with the same key and body
/// until it is answered, so one submission must never become two jobs.
/// </summary>
internal sealed class Submitter(ApiClient client, FaultTally tally, Func<bool> storageDown, IReadOnlyList<string>? metrics = null)
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(90);
    private int _transportFailures;
    private int _retries;

    /// <summary>Case tag to the job id the server answered with.</summary>
    public ConcurrentDictionary<string, string> Accepted { get; } = new(StringComparer.Ordinal);

    /// <summary>Case tags whose submit was never answered with 202 (given up).</summary>
    public ConcurrentDictionary<string, byte> Abandoned { get; } = new(StringComparer.Ordinal);

    public int TransportFailures => Volatile.Read(ref _transportFailures);

    public int Retries => Volatile.Read(ref _retries);

    /// <summary>Submits about <paramref name="perSecond"/> jobs a second for <paramref name="duration"/> from <paramref name="clients"/> loops.</summary>
    public async Task RunAsync(int clients, double perSecond, TimeSpan duration, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            await Task.Yield();
            while (!cancellationToken.IsCancellationRequested)
            {
                var due = TimeSpan.FromSeconds(Interlocked.Increment(ref next) / perSecond);
                if (due >= duration) break;
                var wait = due - Stopwatch.GetElapsedTime(started);
                if (wait > TimeSpan.Zero) await Task.Delay(wait, cancellationToken);
                await SubmitOneAsync(cancellationToken);
            }
        }));
    }

    /// <summary>Submits <paramref name="count"/> jobs as fast as <paramref name="clients"/> loops can.</summary>
    public Task RunCountAsync(int clients, int count, CancellationToken cancellationToken)
    {
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            await Task.Yield();
            while (Interlocked.Increment(ref next) < count) await SubmitOneAsync(cancellationToken);
        }));
    }

    private async Task SubmitOneAsync(CancellationToken cancellationToken)
    {
        var caseTag = Workload.NewCase();
        var body = Workload.Request(caseTag, metrics);
        var key = "faults-" + caseTag;
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var reply = await client.SubmitAsync(body, key, cancellationToken);
            if (reply.Status == 202 && reply.Value is { } accepted)
            {
                var id = Accepted.GetOrAdd(caseTag, accepted.JobId);
                if (id != accepted.JobId)
                {
                    lock (tally)
                    {
                        tally.Duplicated++;
                        tally.Problem($"case {caseTag}: the same Idempotency-Key was answered with job {id} and then job {accepted.JobId}");
                    }
                }

                return;
            }

            if (reply.IsTransportFailure)
            {
                Interlocked.Increment(ref _transportFailures);
            }
            else if (reply.Status == 503 && storageDown())
            {
                lock (tally) tally.ExpectedUnavailable++;
            }
            else if (reply.IsServerError)
            {
                lock (tally)
                {
                    tally.ServerErrors++;
                    tally.Problem($"submit answered {reply.Status}: {reply.Error}");
                }
            }
            else
            {
                lock (tally)
                {
                    tally.Unexpected++;
                    tally.Problem($"a good submit answered {reply.Status}: {reply.Error}");
                }

                Abandoned[caseTag] = 0;
                return;
            }

            if (Stopwatch.GetElapsedTime(started) > GiveUpAfter)
            {
                Abandoned[caseTag] = 0;
                return;
            }

            Interlocked.Increment(ref _retries);
            await Task.Delay(200, cancellationToken);
        }
    }
}
