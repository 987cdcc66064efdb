using System.Text.Json.Nodes;

namespace ScoreJobs.Infra;

/// <summary>A resource of a compiled template and the deployment (main or module) that declares it.</summary>
internal sealed record ArmResource(JsonObject Body, ArmDeployment Deployment)
{
    public string Type => Body["type"]!.GetValue<string>();

    public string Name => Body["name"]!.GetValue<string>();

    /// <summary>An <c>existing</c> reference rather than a resource the template creates.</summary>
    public bool IsExisting => Body["existing"]?.GetValue<bool>() ?? false;

    public JsonNode? this[string property] => Body[property];

    public JsonObject Properties => Body["properties"] as JsonObject ?? [];

    public override string ToString() => $"{Type} {Name} in {Deployment}";
}
