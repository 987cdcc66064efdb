using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ScoreJobs.Infra;

/// <summary>
/// The ARM JSON that <c>bicep build infra/main.bicep</c> produces, with its modules (nested deployments) and a
/// small resolver that follows <c>[parameters('x')]</c> into the values a parent passes (or the default) and
/// <c>[variables('x')]</c> into the variable. Anything else, an expression Azure evaluates at deployment, is
/// returned as its text, which the tests compare or search.
/// </summary>
internal sealed partial class ArmTemplate
{
    public ArmTemplate(string json)
    {
        Text = json;
        Main = new ArmDeployment("main", JsonNode.Parse(json)!.AsObject(), resource: null, parent: null);
        Deployments = [.. Walk(Main)];
        Resources = [.. Deployments.SelectMany(d => d.Resources.Select(r => new ArmResource(r, d)))];
    }

    public string Text { get; }

    public ArmDeployment Main { get; }

    public IReadOnlyList<ArmDeployment> Deployments { get; }

    /// <summary>Every resource of the main template and of every module, nested deployments included.</summary>
    public IReadOnlyList<ArmResource> Resources { get; }

    public IReadOnlyList<ArmResource> OfType(string type) =>
        [.. Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase) && !r.IsExisting)];

    public ArmResource Single(string type)
    {
        var found = OfType(type);
        Assert.True(found.Count == 1, $"expected one {type}, found {found.Count}: {string.Join("; ", found)}");
        return found[0];
    }

    public ArmDeployment Module(string name) =>
        Deployments.SingleOrDefault(d => d.Name == name) ?? throw new InvalidOperationException($"no module deployment named {name}");

    /// <summary>The node with every <c>[parameters('x')]</c> and <c>[variables('x')]</c> in it followed as far as they lead.</summary>
    public static JsonNode? Resolve(JsonNode? node, ArmDeployment deployment) => node switch
    {
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, Resolve(p.Value, deployment)))),
        JsonArray array => new JsonArray([.. array.Select(item => Resolve(item, deployment))]),
        JsonValue value when value.TryGetValue<string>(out var text) => ResolveText(text, deployment) ?? value.DeepClone(),
        _ => node?.DeepClone(),
    };

    /// <summary>As <see cref="Resolve"/>, for a value that must end as a string (a literal or an expression's text).</summary>
    public static string ResolveString(JsonNode? node, ArmDeployment deployment) =>
        Resolve(node, deployment) is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : throw new InvalidOperationException($"not a string: {node?.ToJsonString()}");

    /// <summary>
    /// The names a copy loop creates: <c>name</c> ends with <c>parameters('x')[copyIndex()]</c>, and the array
    /// x resolves to; or the last segment of a literal name.
    /// </summary>
    public static IReadOnlyList<string> CreatedNames(ArmResource resource)
    {
        var loop = CopyLoopParameter().Match(resource.Name);
        if (loop.Success)
        {
            var array = Resolve(JsonValue.Create($"[parameters('{loop.Groups["name"].Value}')]"), resource.Deployment) as JsonArray
                ?? throw new InvalidOperationException($"the loop of {resource} is not over an array parameter");
            return [.. array.Select(item => item!.GetValue<string>())];
        }

        return resource.Name.StartsWith('[') ? [ResolveString(resource["name"], resource.Deployment)] : [resource.Name.Split('/')[^1]];
    }

    /// <summary>
    /// The types of the resources an expression reads: <c>reference('symbol')</c> (language version 2.0 names a
    /// resource of its template by symbol) or <c>resourceId('type', ...)</c>.
    /// </summary>
    public static IReadOnlyList<string> ReferencedTypes(string expression, ArmDeployment deployment) =>
        [.. SymbolReference().Matches(expression).Select(m => deployment.Template["resources"]?[m.Groups["symbol"].Value]?["type"]?.GetValue<string>())
            .Concat(ResourceIdReference().Matches(expression).Select(m => m.Groups["type"].Value))
            .OfType<string>()
            .Distinct()];

    private static JsonNode? ResolveText(string text, ArmDeployment deployment)
    {
        var parameter = ParameterReference().Match(text);
        if (parameter.Success)
        {
            var name = parameter.Groups["name"].Value;
            if (deployment.ParameterValues?[name] is JsonObject passed && passed.ContainsKey("value"))
            {
                return Resolve(passed["value"], deployment.Parent!);
            }

            if (deployment.ParameterValues?[name] is JsonValue expression)
            {
                return expression.DeepClone(); // the parent passes the whole {"value": ...} as one expression
            }

            return deployment.Parameters[name]?["defaultValue"] is { } fallback ? Resolve(fallback, deployment) : null;
        }

        var stringOfParameter = StringOfParameter().Match(text);
        if (stringOfParameter.Success)
        {
            return ResolveText($"[parameters('{stringOfParameter.Groups["name"].Value}')]", deployment) is JsonValue resolved
                && (resolved.TryGetValue<long>(out _) || resolved.TryGetValue<string>(out var inner) && !inner.StartsWith('['))
                ? JsonValue.Create(resolved.ToString())
                : null;
        }

        var variable = VariableReference().Match(text);
        if (variable.Success && deployment.Template["variables"]?[variable.Groups["name"].Value] is { } declared)
        {
            return Resolve(declared, deployment);
        }

        return null;
    }

    private static IEnumerable<ArmDeployment> Walk(ArmDeployment deployment)
    {
        yield return deployment;
        foreach (var resource in deployment.Resources)
        {
            if (resource["type"]?.GetValue<string>() == "Microsoft.Resources/deployments" && resource["properties"]?["template"] is JsonObject template)
            {
                var module = new ArmDeployment(resource["name"]!.GetValue<string>(), template, resource, deployment);
                foreach (var nested in Walk(module)) yield return nested;
            }
        }
    }

    [GeneratedRegex(@"^\[parameters\('(?<name>[^']+)'\)\]$")]
    private static partial Regex ParameterReference();

    [GeneratedRegex(@"^\[string\(parameters\('(?<name>[^']+)'\)\)\]$")]
    private static partial Regex StringOfParameter();

    [GeneratedRegex(@"^\[variables\('(?<name>[^']+)'\)\]$")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"reference\('(?<symbol>[A-Za-z_][A-Za-z0-9_]*)'")]
    private static partial Regex SymbolReference();

    [GeneratedRegex(@"resourceId\('(?<type>[^']+)'")]
    private static partial Regex ResourceIdReference();

    [GeneratedRegex(@"parameters\('(?<name>[^']+)'\)\[copyIndex\(\)\]\)\]$")]
    private static partial Regex CopyLoopParameter();
}
