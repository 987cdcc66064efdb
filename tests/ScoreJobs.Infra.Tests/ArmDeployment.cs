using System.Text.Json.Nodes;

namespace ScoreJobs.Infra;

/// <summary>
/// The compiled main template, or a module: a nested <c>Microsoft.Resources/deployments</c> with its template
/// inline and the parameter values its parent passes.
/// </summary>
internal sealed class ArmDeployment(string name, JsonObject template, JsonObject? resource, ArmDeployment? parent)
{
    public string Name { get; } = name;

    public JsonObject Template { get; } = template;

    public ArmDeployment? Parent { get; } = parent;

    /// <summary>The deployment's own condition (<c>if (...)</c> on the module), null when unconditional.</summary>
    public string? Condition => resource?["condition"]?.GetValue<string>();

    /// <summary>The resource group expression a module deploys into, null for the main template.</summary>
    public string? ResourceGroup => resource?["resourceGroup"]?.GetValue<string>();

    public JsonObject? ParameterValues => resource?["properties"]?["parameters"] as JsonObject;

    /// <summary>True when this deployment and every one above it always deploy.</summary>
    public bool AlwaysDeploys => Condition is null && (Parent?.AlwaysDeploys ?? true);

    public JsonObject Parameters => Template["parameters"] as JsonObject ?? [];

    public JsonObject Outputs => Template["outputs"] as JsonObject ?? [];

    /// <summary>The template's resources, as a list whether the template is language version 1 (an array) or 2.0 (an object).</summary>
    public IEnumerable<JsonObject> Resources => Template["resources"] switch
    {
        JsonArray array => array.OfType<JsonObject>(),
        JsonObject byName => byName.Select(p => p.Value).OfType<JsonObject>(),
        _ => [],
    };

    public override string ToString() => Parent is null ? Name : $"{Parent}/{Name}";
}
