using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using ScoreJobs.Requests;

namespace ScoreJobs.Server.OpenApi;

/// <summary>
/// <see cref="ScoreRequest"/> holds contexts normalised to strings; the wire takes more (one joined string, or Dify
/// Knowledge Retrieval objects whose <c>content</c> is read), so its schema says so.
/// </summary>
internal sealed class ScoreRequestSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type == typeof(ScoreRequest) && schema.Properties is { } properties)
        {
            properties["contexts"] = new OpenApiSchema
            {
                Description = "One string (one context, or a JSON or Python list rendered into a template), strings, " +
                    "or Dify Knowledge Retrieval results whose content is read.",
                AnyOf =
                [
                    new OpenApiSchema { Type = JsonSchemaType.String },
                    new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                    new OpenApiSchema
                    {
                        Type = JsonSchemaType.Array,
                        Items = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Required = new HashSet<string> { "content" },
                            Properties = new Dictionary<string, IOpenApiSchema> { ["content"] = new OpenApiSchema { Type = JsonSchemaType.String } },
                        },
                    },
                    new OpenApiSchema { Type = JsonSchemaType.Null },
                ],
            };
        }

        return Task.CompletedTask;
    }
}
