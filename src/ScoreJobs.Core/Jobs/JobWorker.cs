using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using ScoreJobs.Queues;
using ScoreJobs.Text;

namespace ScoreJobs.Jobs;

/// <summary>
/// Consumes one lane's queue (<see cref="QueueLanes"/>) with bounded concurrency (several instances can share a Storage queue as
/// competing consumers). <see cref="JobDeliveryHandler"/> decides what becomes of each delivery: a failing
/// message is retried with backoff; after <see cref="ScoreJobsOptions.MaxDeliveries"/> deliveries it goes to
/// the poison queue and its job is marked failed with the reason. While a job is being scored the message is kept hidden.
/// On shutdown, running jobs get the host's shutdown timeout to finish. While submits are slow it starts no job beyond the
/// share of its slots that <see cref="WorkerPacing"/> allows its lane (<paramref name="lane"/>, a <see cref="QueueLanes"/> name).
/// </summary>
internal sealed class JobWorker(IJobQueue queue, string lane, int concurrency, JobDeliveryHandler handler, WorkerPacing pacing, TimeProvider time, ILogger<JobWorker> logger)
    : BackgroundService
{
    private readonly CancellationTokenSource _abortRunning = new();
    private readonly HashSet<Task> _running = [];
    private readonly Lock _runningLock = new();
    private readonly SemaphoreSlim _slots = new(concurrency, concurrency);

    // The queue itself is unreachable (storage down): wait 250 ms, doubling with jitter up to 30 s, and never give up.
    private readonly ResiliencePipeline _receiving = new ResiliencePipelineBuilder { TimeProvider = time }
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(
                args.Outcome.Exception is { } ex && !(ex is OperationCanceledException && args.Context.CancellationToken.IsCancellationRequested)),
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(250),
            MaxDelay = TimeSpan.FromSeconds(30),
            OnRetry = args =>
            {
                Log.ReceiveFailed(logger, args.Outcome.Exception!, args.RetryDelay.TotalMilliseconds);
                return default;
            },
        })
        .Build();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Jobs still running after this method returns release their slot, so the semaphore lives as long as the worker.
        var slots = _slots;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                int allowed;
                try
                {
                    // The slot is held meanwhile: a job that ends does not let this loop past the pacing.
                    while ((allowed = pacing.Slots(lane, concurrency) - (concurrency - slots.CurrentCount - 1)) <= 0)
                    {
                        await Task.Delay(WorkerPacing.Window, time, stoppingToken).ConfigureAwait(false);
                    }
                }
                catch
                {
                    slots.Release();
                    throw;
                }

                var free = 1;
                while (free < Math.Min(allowed, 32) && slots.Wait(0, CancellationToken.None)) free++;

                IReadOnlyList<JobDelivery> deliveries;
                try
                {
                    deliveries = await _receiving.ExecuteAsync(ct => new ValueTask<IReadOnlyList<JobDelivery>>(queue.ReceiveAsync(free, ct)), stoppingToken).ConfigureAwait(false);
                }
                catch
                {
                    slots.Release(free);
                    throw;
                }

                if (deliveries.Count < free) slots.Release(free - deliveries.Count);
                foreach (var delivery in deliveries)
                {
                    Track(ProcessAsync(delivery, slots));
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        Task[] running;
        lock (_runningLock) running = [.. _running];
        try
        {
            await Task.WhenAll(running).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Out of time: stop the jobs; their messages come back (or, in embedded mode, recovery picks them up).
            await _abortRunning.CancelAsync().ConfigureAwait(false);
        }
    }

    public override void Dispose()
    {
        _abortRunning.Dispose();
        _slots.Dispose();
        base.Dispose();
    }

    private void Track(Task task)
    {
        lock (_runningLock) _running.Add(task);
        task.ContinueWith(t => { lock (_runningLock) _running.Remove(t); }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task ProcessAsync(JobDelivery delivery, SemaphoreSlim slots)
    {
        var token = _abortRunning.Token;
        try
        {
            await Task.Yield();
            DeliveryVerdict verdict;
            using (StartKeepAlive(delivery, token))
            {
                verdict = await handler.HandleAsync(delivery.Message, delivery.RawText, delivery.DequeueCount, token).ConfigureAwait(false);
            }

            var settle = verdict.Action switch
            {
                DeliveryAction.Complete => delivery.CompleteAsync(token),
                DeliveryAction.RetryLater => delivery.RetryLaterAsync(verdict.RetryAfter, token),
                DeliveryAction.Requeue => RequeueAsync(delivery, verdict.RetryAfter, token),
                _ => delivery.MoveToPoisonAsync(token),
            };
            await settle.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Shutting down: the message is left for redelivery.
        }
        catch (Exception ex)
        {
            // Even settling the message failed (storage down): its visibility timeout brings it back.
            Log.SettleFailed(logger, ex, delivery.RawText.Clip(200));
        }
        finally
        {
            slots.Release();
        }
    }

    // The fresh copy first: a crash between the two leaves a duplicate (harmless), never no message.
    private async Task RequeueAsync(JobDelivery delivery, TimeSpan delay, CancellationToken token)
    {
        await queue.EnqueueAsync(delivery.Message!, delay, token).ConfigureAwait(false);
        await delivery.CompleteAsync(token).ConfigureAwait(false);
    }

    private IDisposable? StartKeepAlive(JobDelivery delivery, CancellationToken token)
    {
        if (delivery.KeepAliveInterval is not { } interval) return null;
        var timer = time.CreateTimer(
            _ => delivery.KeepAliveAsync(token).ContinueWith(t => Log.KeepAliveFailed(logger, t.Exception!, delivery.RawText), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default),
            null, interval, interval);
        return timer;
    }

}
