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
        if (context.JsonTypeInfo.Type == typeof(Rubrics.RubricDefinition) && schema.Properties is { } rubric)
        {
            Rubric(schema, rubric);
            return Task.CompletedTask;
        }

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

    // The scale's converter writes a name or {"labels": [...]}, which the generator cannot see; the rest is said as the reader checks it.
    private static void Rubric(OpenApiSchema schema, IDictionary<string, IOpenApiSchema> properties)
    {
        foreach (var property in properties.Values.OfType<OpenApiSchema>())
        {
            if (property.Type is { } type && type != JsonSchemaType.Null) property.Type = type & ~JsonSchemaType.Null;
        }

        schema.Description = "A metric of your own, judged by the LLM (see docs/rubrics.md): criteria rated on a scale, normalised to [0,1]; " +
            "name it in metrics like any metric.";
        if (properties.TryGetValue("name", out var name) && name is OpenApiSchema nameSchema)
        {
            nameSchema.Pattern = Rubrics.RubricReader.NamePattern().ToString();
            nameSchema.Description = "The metric name; not a built-in metric's.";
        }

        properties["scale"] = new OpenApiSchema
        {
            Description = "binary (0/1), 1-5, 1-10, or labels worst first (2 to 10), such as {\"labels\": [\"差\", \"中\", \"好\"]}.",
            AnyOf =
            [
                new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. Rubrics.RubricScale.Named.Select(s => (System.Text.Json.Nodes.JsonNode)s.Kind)] },
                new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string> { "labels" },
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["labels"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                    },
                },
            ],
        };
        if (properties.TryGetValue("steps", out var steps) && steps is OpenApiSchema stepsSchema)
        {
            stepsSchema.Description = "Evaluation steps; left out, the judge writes them once from the criteria (G-Eval) and they are kept by the rubric's hash.";
        }

        if (properties.TryGetValue("needs", out var needs) && needs is OpenApiSchema needsSchema)
        {
            needsSchema.Description = "Inputs the rubric needs (question, answer, contexts, ground_truth); default question and answer.";
        }

        if (properties.TryGetValue("threshold", out var threshold) && threshold is OpenApiSchema thresholdSchema)
        {
            thresholdSchema.Description = "The mean a run must reach on this rubric when the run sets no threshold for it (0 to 1).";
        }

        schema.Required = new HashSet<string> { "name", "criteria", "scale" };
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
