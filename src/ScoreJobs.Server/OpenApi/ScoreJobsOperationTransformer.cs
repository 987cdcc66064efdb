using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ScoreJobs.Server.OpenApi;

/// <summary>
/// Adds to each operation what its endpoint metadata says and the framework cannot infer from handlers that read the
/// request by hand: the query parameters, the <c>Idempotency-Key</c> header, the security requirement, and for the
/// submit a Chinese example body shaped as a Dify HTTP Request node sends it.
/// </summary>
internal sealed class ScoreJobsOperationTransformer : IOpenApiOperationTransformer
{
    public const string SubmitOperation = "SubmitScoreJob";

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        foreach (var body in metadata.OfType<JsonBody>())
        {
            var document = context.Document!;
            var name = body.Type.Name;
            if (document.Components?.Schemas?.ContainsKey(name) != true)
            {
                document.AddComponent(name, await context.GetOrCreateSchemaAsync(body.Type, cancellationToken: cancellationToken));
            }

            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = new OpenApiSchemaReference(name, document) } },
            };
        }

        foreach (var parameter in metadata.OfType<QueryParameters>().SelectMany(q => q.Parameters))
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = parameter.Name,
                In = ParameterLocation.Query,
                Description = parameter.Description,
                Schema = parameter.Repeatable
                    ? new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = parameter.Type } }
                    : new OpenApiSchema { Type = parameter.Type },
                Explode = parameter.Repeatable,
            });
        }

        if (metadata.OfType<AcceptsIdempotencyKey>().Any())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "Idempotency-Key",
                In = ParameterLocation.Header,
                Description = "Any 1 to 255 visible ASCII characters. The same key with the same body returns the same job or run " +
                    "(with Idempotent-Replayed: true) instead of a new one; with another body it is a 422. Dify retries a failed node, so send one.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 255 },
            });

            if (operation.Responses?.GetValueOrDefault("202") is OpenApiResponse accepted)
            {
                accepted.Headers ??= new Dictionary<string, IOpenApiHeader>();
                accepted.Headers["Location"] = Header(JsonSchemaType.String, "Where the new job or run is read (its status_url).");
                accepted.Headers["Retry-After"] = Header(JsonSchemaType.Integer, "Seconds to wait before reading it.");
                accepted.Headers["Idempotent-Replayed"] = Header(JsonSchemaType.String, "true when the Idempotency-Key returned an earlier job or run.");
            }
        }

        foreach (var text in metadata.OfType<AcceptsText>())
        {
            foreach (var contentType in text.ContentTypes)
            {
                operation.RequestBody?.Content?.TryAdd(contentType, new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = text.Description } });
            }
        }

        if (metadata.OfType<AcceptsForm>().Any())
        {
            foreach (var contentType in (string[])["application/x-www-form-urlencoded", "multipart/form-data"])
            {
                operation.RequestBody?.Content?.TryAdd(contentType, new OpenApiMediaType { Schema = FormSchema() });
            }
        }

        if (metadata.OfType<ApiTokenRequired>().Any())
        {
            operation.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ScoreJobsDocumentTransformer.BearerScheme, context.Document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ScoreJobsDocumentTransformer.FunctionKeyScheme, context.Document)] = [] },
            ];
        }

        if (operation.OperationId == SubmitOperation && operation.RequestBody?.Content?.TryGetValue("application/json", out var json) == true)
        {
            json.Example = DifyExample;
        }
    }

    private static OpenApiHeader Header(JsonSchemaType type, string description) =>
        new() { Description = description, Schema = new OpenApiSchema { Type = type } };

    // What a Dify HTTP Request node sends after a Knowledge Retrieval and an LLM node (see docs/dify.md).
    private static JsonNode DifyExample => new JsonObject
    {
        ["question"] = "年假可以结转到下一年吗？",
        ["answer"] = "可以。未休的年假最多可结转 5 天，须在次年 3 月 31 日前休完。",
        ["contexts"] = new JsonArray(
            "员工当年未休的年假，最多可结转 5 天至次年。",
            "结转的年假须在次年 3 月 31 日前使用，逾期作废。"),
        ["ground_truth"] = "可以结转，最多 5 天，次年 3 月 31 日前休完。",
        ["metrics"] = new JsonArray("faithfulness", "answer_relevancy", "answer_correctness"),
        ["metadata"] = new JsonObject { ["app"] = "hr-assistant", ["workflow_run_id"] = "6c1f2f4e-8a9b-4c3d-9e21-0b7d5a1f3c42" },
    };

    // A form's fields are text: contexts as one context, a JSON array or a Python list; metrics a comma list; metadata.<key> a tag.
    private static OpenApiSchema FormSchema() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "Fields as Dify's form bodies send them; metadata.<key> fields become metadata tags; a __multipart_placeholder__ part is ignored.",
        Required = new HashSet<string> { "question" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["question"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["answer"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["contexts"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "One context, or a JSON array or Python list of them." },
            ["ground_truth"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["metrics"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Metric names, comma-separated." },
        },
        AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.String },
    };
}
