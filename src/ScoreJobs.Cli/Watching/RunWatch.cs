using ScoreJobs.Cli.Api;
using ScoreJobs.Cli.Rendering;
using ScoreJobs.Cli.Runs;
using Spectre.Console;

namespace ScoreJobs.Cli.Watching;

/// <summary>
/// Shows a run once or follows it to its end, then prints the report (or the run record as JSON) and returns the
/// verdict's exit code. Ctrl+C stops the waiting, not the run, unless asked to cancel it.
/// </summary>
internal sealed class RunWatch(ScoreJobsClient client, CliEnvironment environment, IAnsiConsole output, IAnsiConsole errors)
{
    public async Task<int> ShowAsync(string runId, WatchOptions options, CancellationToken interrupt, TimeSpan? firstPollAfter = null)
    {
        if (!options.Wait) return Finish(await client.GetRunAsync(runId, interrupt), options);

        using var deadline = options.Timeout is { } timeout ? new CancellationTokenSource(timeout, environment.Time) : new CancellationTokenSource();
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(interrupt, deadline.Token);
        var progressConsole = options.Json ? errors : output;
        var live = progressConsole.Profile.Capabilities is { Interactive: true, Ansi: true } && (options.Json ? environment.ErrorIsTerminal : environment.OutIsTerminal);
        var view = new ProgressView(progressConsole, live, environment);
        var poller = new RunPoller(client, environment);
        try
        {
            var reply = await view.FollowAsync(onProgress => poller.WaitForEndAsync(runId, onProgress, waiting.Token, firstPollAfter));
            return Finish(reply, options);
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            return await InterruptedAsync(runId, options);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new CliException($"Run {runId} had not ended after {DurationText.Format(options.Timeout!.Value)} (--timeout); it keeps going on the server. "
                + $"Watch it with: {ResumeCommand(runId)}");
        }
    }

    private int Finish(ApiReply<RunRecord> reply, WatchOptions options)
    {
        var verdict = RunVerdict.Of(reply.Value, options.MinAgreement);
        if (options.Json)
        {
            JsonOutput.Write(environment.Out, reply.Json);
            if (verdict.ExitCode == ExitCodes.Untrusted) errors.MarkupLine(TerminalText.Escape(verdict.Sentence));
        }
        else
        {
            RunReport.Write(output, reply.Value, client.Server.ToString(), options.MinAgreement);
        }

        return verdict.ExitCode;
    }

    private async Task<int> InterruptedAsync(string runId, WatchOptions options)
    {
        if (!options.CancelOnInterrupt)
        {
            errors.MarkupLine(TerminalText.Escape($"Stopped waiting; run {runId} keeps going on the server. Watch it again with: {ResumeCommand(runId)}"));
            return ExitCodes.Interrupted;
        }
        var reply = await client.PostRunActionAsync(runId, "cancel", CancellationToken.None);
        errors.MarkupLine(TerminalText.Escape($"Stopped waiting and cancelled run {runId} (samples not started end cancelled); now {ProgressText.Of(reply.Value, eta: null)}."));
        return ExitCodes.Interrupted;
    }

    private string ResumeCommand(string runId) => $"scorejobs status {runId} --wait --url {client.Server}";
}
