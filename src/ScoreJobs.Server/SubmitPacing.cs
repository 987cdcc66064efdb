using ScoreJobs.Jobs;

namespace ScoreJobs.Server;

/// <summary>Marks a route whose answer time paces the worker (<see cref="WorkerPacing"/>): the async submit, which a Dify node waits on.</summary>
internal sealed class PacesWorker;

internal static class SubmitPacing
{
    /// <summary>
    /// Times each request to a <see cref="PacesWorker"/> route from the start of the pipeline to the end of its answer and
    /// tells <see cref="WorkerPacing"/>, so that the worker gives way while those answers are slow.
    /// </summary>
    public static IApplicationBuilder UseWorkerPacing(this IApplicationBuilder app)
    {
        var pacing = app.ApplicationServices.GetRequiredService<WorkerPacing>();
        // Routing has run before this (WebApplication puts it first), so the endpoint is known on the way in.
        return app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<PacesWorker>() is null)
            {
                await next(context);
                return;
            }

            var start = pacing.SubmitStarted();
            try
            {
                await next(context);
            }
            finally
            {
                pacing.SubmitServed(start);
            }
        });
    }
}
