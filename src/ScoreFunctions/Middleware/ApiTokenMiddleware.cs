using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Options;
using ScoreFunctions.Functions;
using ScoreJobs.Hosting;
using ScoreJobs.Http;
using ScoreJobs;

namespace ScoreFunctions.Middleware;

/// <summary>
/// Honours <c>ScoreJobs__ApiToken</c> as the server does: when it is set, every HTTP function but the two health ones and the OpenAPI document also
/// needs <c>Authorization: Bearer &lt;token&gt;</c>, on top of its function key, and answers the same 401 problem.
/// </summary>
internal sealed class ApiTokenMiddleware(IOptions<ScoreJobsOptions> options) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is { } http
            && context.FunctionDefinition.Name is not (ScoreJobsHttpFunctions.HealthFunction or ScoreJobsHttpFunctions.ReadyFunction or OpenApiFunction.Name)
            && ApiTokenAuthorization.Challenge(http.Request, options.Value.ApiToken) is { } problem)
        {
            context.GetInvocationResult().Value = problem;
            return;
        }

        await next(context);
    }
}
