using Microsoft.Extensions.Options;
using ScoreJobs.Hosting;
using ScoreJobs.Http;

namespace ScoreJobs.Server;

/// <summary>The contract's routes, each a one-line call into the shared handlers.</summary>
public static class ScoreJobsEndpoints
{
    public static IEndpointRouteBuilder MapScoreJobsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireCors(ServerServiceCollectionExtensions.CorsPolicy);
        api.MapGet("/health", (HttpRequest request, ScoreJobsHandlers handlers) => handlers.Health(request, detailsWithoutToken: true));
        api.MapGet("/health/ready", (ScoreJobsHandlers handlers, CancellationToken ct) => handlers.ReadyAsync(ct));

        var score = api.MapGroup("/score").AddEndpointFilter(RequireApiToken);
        score.MapPost("/async", (HttpRequest request, ScoreJobsHandlers handlers, CancellationToken ct) => handlers.SubmitAsync(request, ct));
        score.MapPost("/", (HttpRequest request, ScoreJobsHandlers handlers, CancellationToken ct) => handlers.ScoreNowAsync(request, ct));
        score.MapGet("/jobs", (HttpRequest request, ScoreJobsHandlers handlers, CancellationToken ct) => handlers.ListAsync(request, ct));
        score.MapGet("/jobs/{job_id}", (string job_id, ScoreJobsHandlers handlers, CancellationToken ct) => handlers.GetAsync(job_id, ct));
        score.MapGet("/stats", (HttpRequest request, ScoreJobsHandlers handlers, CancellationToken ct) => handlers.StatsAsync(request, ct));
        score.MapGet("/metrics", (ScoreJobsHandlers handlers) => handlers.Metrics());
        score.MapPost("/runs", (HttpRequest request, RunHandlers handlers, CancellationToken ct) => handlers.SubmitAsync(request, ct));
        score.MapGet("/runs", (HttpRequest request, RunHandlers handlers, CancellationToken ct) => handlers.ListAsync(request, ct));
        score.MapGet("/runs/{run_id}", (string run_id, RunHandlers handlers, CancellationToken ct) => handlers.GetAsync(run_id, ct));
        score.MapPost("/runs/{run_id}/cancel", (string run_id, RunHandlers handlers, CancellationToken ct) => handlers.CancelAsync(run_id, ct));
        score.MapPost("/runs/{run_id}/retry", (string run_id, RunHandlers handlers, CancellationToken ct) => handlers.RetryAsync(run_id, ct));
        score.MapGet("/runs/{base_run_id}/compare/{head_run_id}", (HttpRequest request, string base_run_id, string head_run_id, RunHandlers handlers, CancellationToken ct) =>
            handlers.CompareAsync(request, base_run_id, head_run_id, ct));
        return app;
    }

    private static async ValueTask<object?> RequireApiToken(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var token = http.RequestServices.GetRequiredService<IOptions<ScoreJobsOptions>>().Value.ApiToken;
        return ApiTokenAuthorization.Challenge(http.Request, token) ?? await next(context);
    }
}
