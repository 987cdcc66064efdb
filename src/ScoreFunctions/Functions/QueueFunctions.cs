using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using ScoreJobs.Jobs;
using ScoreJobs.Queues;
using ScoreJobs.Storage.Azure;

namespace ScoreFunctions.Functions;

/// <summary>
/// Scores queued jobs: the queue trigger on <c>ScoreJobs__Queue</c> (<c>score-jobs</c>), shared with any server
/// instances as competing consumers. The runtime settles the message: returning deletes it, throwing brings it
/// back after host.json's <c>visibilityTimeout</c>. What is poison (not ours, no such job, or given up with its
/// record marked failed) is written to <c>{queue}-poison</c> at once through the output binding, not retried.
/// Dataset runs' jobs (and their expansion and retry messages) come on a lane of their own, <c>ScoreJobs__RunQueue</c>,
/// with its own trigger: the host polls and scales each queue's listener separately, so live jobs never wait behind a run.
/// A job held by the daily judge budget is queued again on its lane as a fresh message (delayed) and this one completed,
/// so waiting raises no dequeue count towards the poison queue.
/// </summary>
public sealed class QueueFunctions(JobDeliveryHandler handler, IJobQueue liveQueue, [FromKeyedServices(QueueLanes.Runs)] IJobQueue runQueue)
{
    private const string Queue = "%ScoreJobs:Queue%";
    private const string PoisonQueue = "%ScoreJobs:Queue%-poison";
    private const string RunQueue = "%ScoreJobs:RunQueue%";
    private const string RunPoisonQueue = "%ScoreJobs:RunQueue%-poison";

    [Function(nameof(ProcessLiveQueue))]
    [QueueOutput(PoisonQueue, Connection = StorageAccountSettings.SettingName)]
    public async Task<string[]> ProcessLiveQueue(
        [QueueTrigger(Queue, Connection = StorageAccountSettings.SettingName)] QueueMessage message, CancellationToken cancellationToken) =>
        // The trigger has decoded the base64 (host.json messageEncoding); DequeueCount is 1 on the first delivery.
        [.. await handler.HandleTriggeredAsync(message.Body.ToString(), (int)message.DequeueCount, liveQueue, cancellationToken)];

    [Function(nameof(ProcessRunQueue))]
    [QueueOutput(RunPoisonQueue, Connection = StorageAccountSettings.SettingName)]
    public async Task<string[]> ProcessRunQueue(
        [QueueTrigger(RunQueue, Connection = StorageAccountSettings.SettingName)] QueueMessage message, CancellationToken cancellationToken) =>
        [.. await handler.HandleTriggeredAsync(message.Body.ToString(), (int)message.DequeueCount, runQueue, cancellationToken)];
}
