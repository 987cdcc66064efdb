using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using ScoreJobs.Jobs;
using ScoreJobs.Storage.Azure;

namespace ScoreFunctions.Functions;

/// <summary>
/// Runs queued jobs: the queue trigger on <c>ScoreJobs__Queue</c> (<c>score-jobs</c>), shared with any server
/// instances as competing consumers. The runtime settles the message: returning deletes it, throwing brings it
/// back after host.json's <c>visibilityTimeout</c>. What is poison (not ours, no such job, or given up with its
/// record marked failed) is written to <c>{queue}-poison</c> at once through the output binding, not retried.
/// </summary>
public sealed class RunScoreJobFunction(JobDeliveryHandler handler)
{
    private const string Queue = "%ScoreJobs:Queue%";
    private const string PoisonQueue = "%ScoreJobs:Queue%-poison";

    [Function(nameof(RunScoreJob))]
    [QueueOutput(PoisonQueue, Connection = StorageAccountSettings.SettingName)]
    public async Task<string[]> RunScoreJob(
        [QueueTrigger(Queue, Connection = StorageAccountSettings.SettingName)] QueueMessage message, CancellationToken cancellationToken) =>
        // The trigger has decoded the base64 (host.json messageEncoding); DequeueCount is 1 on the first delivery.
        [.. await handler.HandleTriggeredAsync(message.Body.ToString(), (int)message.DequeueCount, cancellationToken)];
}
