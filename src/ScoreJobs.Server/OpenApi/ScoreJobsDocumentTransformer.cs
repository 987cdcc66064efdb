using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ScoreJobs.Server.OpenApi;

/// <summary>
/// What the document says as a whole: its title, the two ways a caller authenticates, and the tags. The <c>servers</c>
/// entry is the framework's, built from the request that asked for the document (scheme, host and path base), without
/// its trailing slash: Dify's custom-tool importer appends each path to it as it is.
/// </summary>
internal sealed class ScoreJobsDocumentTransformer : IOpenApiDocumentTransformer
{
    public const string BearerScheme = "bearer";
    public const string FunctionKeyScheme = "functionKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var server in document.Servers ?? []) server.Url = server.Url?.TrimEnd('/');

        document.Info = new OpenApiInfo
        {
            Title = "ScoreJobs · RAG 评分服务",
            Version = typeof(ScoreJobsDocumentTransformer).Assembly.GetName().Version?.ToString(3) ?? "0.1.0",
            Description = "Scores RAG answers (faithfulness, relevancy, correctness, offline metrics) with an LLM judge, " +
                "one job at a time or as dataset runs. Both hosts, the self-hosted server and the Azure Functions app, serve this API. " +
                "· 异步 LLM 评分服务：提交任务，轮询结果。",
        };

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The API token (ScoreJobs__ApiToken), needed by every route but health and this document when it is set. Both hosts.",
        };
        document.Components.SecuritySchemes[FunctionKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "x-functions-key",
            Description = "An Azure Functions function or host key: the Functions app's routes need it, except health and this document.",
        };

        document.Tags = new HashSet<OpenApiTag>
        {
            new() { Name = ApiTags.Jobs, Description = "Score one answer: submit a job and read its record, or score synchronously · 单条评分" },
            new() { Name = ApiTags.Runs, Description = "Score a whole dataset as one run, and compare runs · 数据集评测" },
            new() { Name = ApiTags.Service, Description = "Health and readiness · 服务状态" },
        };
        return Task.CompletedTask;
    }
}
