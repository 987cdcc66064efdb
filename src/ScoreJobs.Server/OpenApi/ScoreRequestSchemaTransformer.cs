using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using ScoreJobs.Requests;

namespace ScoreJobs.Server.OpenApi;

/// <summary>
/// The request bodies' schemas as clients need them. <see cref="ScoreRequest"/> holds contexts normalised to strings;
/// the wire takes more (one string, or Dify Knowledge Retrieval objects whose <c>content</c> is read), so its schema
/// says so. And a request field that may be null may as well be left out, so request fields are typed without
/// <c>null</c>: Dify's custom-tool importer reads <c>type</c> as one name and fails on OpenAPI 3.1's type lists.
/// </summary>
internal sealed class ScoreRequestSchemaTransformer : IOpenApiSchemaTransformer
{
    private static readonly Type[] RequestTypes = [typeof(ScoreRequest), typeof(RunRequestBody), typeof(RunSampleBody), typeof(LabelBody)];

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (!RequestTypes.Contains(context.JsonTypeInfo.Type) || schema.Properties is not { } properties) return Task.CompletedTask;

        foreach (var property in properties.Values.OfType<OpenApiSchema>())
        {
            if (property.Type is { } type && type != JsonSchemaType.Null) property.Type = type & ~JsonSchemaType.Null;
        }

        if (properties.ContainsKey("contexts")) properties["contexts"] = Contexts();
        if (properties.TryGetValue("repeats", out var repeats) && repeats is OpenApiSchema repeatsSchema)
        {
            repeatsSchema.Minimum = "1";
            repeatsSchema.Maximum = ScoreRequest.MaxRepeats.ToString(System.Globalization.CultureInfo.InvariantCulture);
            repeatsSchema.Description = "How many times each judge metric is asked (1 to 5, default 1); the score is their mean, and the " +
                "metric's details keep repeats, stdev and flaky. Offline metrics ignore it.";
        }

        // What the server works out from a request is not for a client to send.
        properties.Remove("context_titles");
        properties.Remove("warnings");
        // A run gives its thresholds to its samples' requests; a score request does not take them.
        if (context.JsonTypeInfo.Type == typeof(ScoreRequest)) properties.Remove("thresholds");
        return Task.CompletedTask;
    }

    private static OpenApiSchema Contexts() => new()
    {
        Description = "One string (one context, or a JSON array or Python list rendered into a template, as Dify renders a " +
            "Knowledge Retrieval result), strings, or Dify Knowledge Retrieval results whose content (and title) is read. " +
            "RAGAS's retrieved_contexts is read as contexts, user_input as question, response as answer, reference as ground_truth; query as question.",
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
        ],
    };
}
