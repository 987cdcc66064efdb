using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace ScoreFunctions.Middleware;

/// <summary>
/// What the server's exception handler does: an HTTP function that throws answers a 500 problem with no
/// detail, and the exception goes to the log. Other triggers are left alone: a queue trigger must throw
/// for its message to come back.
/// </summary>
internal sealed class UnhandledErrorMiddleware(ILogger<UnhandledErrorMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is not { } http)
        {
            await next(context);
            return;
        }

        try
        {
            await next(context);
        }
        catch (Exception ex) when (!http.RequestAborted.IsCancellationRequested)
        {
            Log.HttpFunctionFailed(logger, ex, context.FunctionDefinition.Name);
            context.GetInvocationResult().Value = TypedResults.Problem(statusCode: StatusCodes.Status500InternalServerError);
        }
    }
}
