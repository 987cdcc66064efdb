using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ScoreJobs.Infra;

/// <summary>What the app identity may do, granted by role assignments the template creates.</summary>
[Collection(InfraCollection.Name)]
public sealed partial class RoleAssignmentTests(CompiledInfra infra)
{
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string CognitiveServicesOpenAiUser = "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd";

    // The app identity's principal id as the main template hands it to modules.
    private const string AppIdentityPrincipal = "'Microsoft.Resources/deployments', 'identity'), '2025-04-01').outputs.principalId.value]";

    [Theory]
    [InlineData(StorageBlobDataOwner)] // the host's keys, leases and the Flex deployment package; Core's records
    [InlineData(StorageQueueDataContributor)] // the trigger, the poison binding and Core's submit
    public void AppIdentity_HoldsStorageRole_OnTheStorageAccountAlways(string role)
    {
        var grant = Assert.Single(Grants(), g => g.Role == role && g.Principal.EndsWith(AppIdentityPrincipal, StringComparison.Ordinal));

        Assert.Equal(["Microsoft.Storage/storageAccounts"], ArmTemplate.ReferencedTypes(grant.Scope, grant.Deployment).Concat(ScopeTypes(grant.Scope)).Distinct());
        Assert.Equal("ServicePrincipal", grant.PrincipalType);
        Assert.True(grant.Deployment.AlwaysDeploys, $"{grant} is conditional");
    }

    [Fact]
    public void AppIdentity_PublishesTelemetry_ToApplicationInsightsWithLocalAuthOff()
    {
        var components = infra.Template.Single("Microsoft.Insights/components");
        var grant = Assert.Single(Grants(), g => g.Role == MonitoringMetricsPublisher);

        Assert.True(components.Properties["DisableLocalAuth"]!.GetValue<bool>());
        Assert.Equal(["Microsoft.Insights/components"], ScopeTypes(grant.Scope).Concat(ArmTemplate.ReferencedTypes(grant.Scope, grant.Deployment)).Distinct());
        Assert.EndsWith(AppIdentityPrincipal, grant.Principal, StringComparison.Ordinal);
        Assert.True(grant.Deployment.AlwaysDeploys);
    }

    [Fact]
    public void AppIdentity_IsOpenAiUser_OnTheGivenAccountOnlyWhenOneIsGiven()
    {
        var grant = Assert.Single(Grants(), g => g.Role == CognitiveServicesOpenAiUser);
        var account = grant.Deployment.ParameterValues!["accountName"]!["value"]!.GetValue<string>();

        Assert.EndsWith(AppIdentityPrincipal, grant.Principal, StringComparison.Ordinal);
        Assert.Equal(["Microsoft.CognitiveServices/accounts"], ScopeTypes(grant.Scope).Concat(ArmTemplate.ReferencedTypes(grant.Scope, grant.Deployment)).Distinct());
        Assert.Equal("[parameters('openAiAccountName')]", account);
        Assert.Equal("[not(empty(parameters('openAiAccountName')))]", grant.Deployment.Condition);
        Assert.Contains("parameters('openAiResourceGroupName')", grant.Deployment.ResourceGroup, StringComparison.Ordinal);
        Assert.Equal("", infra.Template.Main.Parameters["openAiAccountName"]!["defaultValue"]!.GetValue<string>());
    }

    [Fact]
    public void JudgeEndpoint_DefaultsToTheGivenAccountsV1Endpoint()
    {
        var openAi = infra.Template.Module("openai-access");
        var functionApp = infra.Template.Module("function-app");

        Assert.Matches(@"^\[format\('https://\{0\}\.openai\.azure\.com/openai/v1/', reference\(.*\.customSubDomainName\)\]$",
            openAi.Outputs["judgeEndpoint"]!["value"]!.GetValue<string>());
        var passed = functionApp.ParameterValues!["judgeEndpoint"]!.ToString();
        Assert.Contains("'Microsoft.Resources/deployments', 'openai-access')", passed, StringComparison.Ordinal);
        Assert.Contains("'outputs', 'judgeEndpoint'", passed, StringComparison.Ordinal);
        Assert.StartsWith("[if(not(empty(parameters('judgeEndpoint')))", passed, StringComparison.Ordinal);
    }

    private List<RoleGrant> Grants() =>
        [.. infra.Template.OfType("Microsoft.Authorization/roleAssignments").SelectMany(assignment =>
            RoleIds(assignment).Select(role => new RoleGrant(
                role,
                ArmTemplate.ResolveString(assignment.Properties["principalId"], assignment.Deployment),
                ArmTemplate.ResolveString(assignment.Properties["principalType"], assignment.Deployment),
                assignment["scope"]!.GetValue<string>(),
                assignment.Deployment)))];

    // roleDefinitionId is subscriptionResourceId('…/roleDefinitions', X): X a variable, or an array parameter in a copy loop.
    private static IEnumerable<string> RoleIds(ArmResource assignment)
    {
        var argument = RoleDefinitionArgument().Match(assignment.Properties["roleDefinitionId"]!.GetValue<string>());
        Assert.True(argument.Success, $"unexpected roleDefinitionId in {assignment}");
        var reference = argument.Groups["argument"].Value;
        var node = ArmTemplate.Resolve(JsonValue.Create($"[{reference.Replace("[copyIndex()]", "", StringComparison.Ordinal)}]"), assignment.Deployment);
        return node is JsonArray roles ? roles.Select(r => r!.GetValue<string>()) : [node!.GetValue<string>()];
    }

    // A scope written as format('Type/{0}', name), as language version 1 templates do.
    private static IEnumerable<string> ScopeTypes(string scope) => ScopeFormat().Matches(scope).Select(m => m.Groups["type"].Value);

    [GeneratedRegex(@"format\('(?<type>[A-Za-z]+\.[A-Za-z]+/[A-Za-z]+)/\{0\}'")]
    private static partial Regex ScopeFormat();

    [GeneratedRegex(@"^\[subscriptionResourceId\('Microsoft\.Authorization/roleDefinitions', (?<argument>.+)\)\]$")]
    private static partial Regex RoleDefinitionArgument();

    private sealed record RoleGrant(string Role, string Principal, string PrincipalType, string Scope, ArmDeployment Deployment)
    {
        public override string ToString() => $"{Role} for {Principal} on {Scope} in {Deployment}";
    }
}
