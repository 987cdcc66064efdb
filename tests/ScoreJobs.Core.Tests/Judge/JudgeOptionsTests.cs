namespace ScoreJobs.Judge;

public sealed class JudgeOptionsTests
{
    [Theory]
    [InlineData("https://myaoai.openai.azure.com/", "AzureDeployments")]
    [InlineData("https://myaoai.openai.azure.com/openai/v1/", "AzureV1")]
    [InlineData("https://myaoai.openai.azure.com/openai/v1", "AzureV1")]
    [InlineData("https://myaoai.openai.azure.cn/", "AzureDeployments")]
    [InlineData("https://myaoai.cognitiveservices.azure.com/", "AzureDeployments")]
    [InlineData("https://myproject.services.ai.azure.com/openai/v1/", "AzureV1")]
    [InlineData("https://apim.contoso.com/openai/v1/", "AzureV1")]
    [InlineData("https://api.openai.com/v1", "OpenAI")]
    [InlineData("http://localhost:11434/v1", "OpenAI")]
    [InlineData("http://127.0.0.1:8000/", "OpenAI")]
    public void Api_NoProvider_InferredFromTheEndpoint(string endpoint, string expected)
    {
        var sut = new JudgeOptions { Endpoint = endpoint };

        Assert.Equal(expected, sut.Api.ToString());
        Assert.Equal(expected != nameof(JudgeApi.OpenAI), sut.IsAzure);
    }

    [Theory]
    [InlineData("azure", "http://127.0.0.1:5000/", "AzureDeployments")]
    [InlineData(" Azure ", "http://127.0.0.1:5000/openai/v1/", "AzureV1")]
    [InlineData("openai", "https://myaoai.openai.azure.com/openai/v1/", "OpenAI")]
    [InlineData("OpenAI", "https://myaoai.openai.azure.com/", "OpenAI")]
    public void Api_ProviderSet_ExplicitValueWins(string provider, string endpoint, string expected)
    {
        var sut = new JudgeOptions { Endpoint = endpoint, Provider = provider };

        Assert.Equal(expected, sut.Api.ToString());
    }

    [Theory]
    [InlineData("https://myaoai.openai.azure.com/", null, JudgeAuthentication.EntraId)]
    [InlineData("https://myaoai.openai.azure.com/", "key", JudgeAuthentication.ApiKey)]
    [InlineData("http://localhost:11434/v1", null, JudgeAuthentication.None)]
    [InlineData("https://api.openai.com/v1", "sk-x", JudgeAuthentication.ApiKey)]
    public void Authentication_KeyOrAzure_ApiKeyEntraIdOrNone(string endpoint, string? key, JudgeAuthentication expected)
    {
        Assert.Equal(expected, new JudgeOptions { Endpoint = endpoint, ApiKey = key }.Authentication);
    }

    [Theory]
    [InlineData("https://myaoai.openai.azure.com/", "https://cognitiveservices.azure.com/.default")]
    [InlineData("https://myaoai.openai.azure.cn/", "https://cognitiveservices.azure.cn/.default")]
    [InlineData("https://myaoai.openai.azure.us/openai/v1/", "https://cognitiveservices.azure.us/.default")]
    public void EntraIdScope_SovereignCloudHost_ThatCloudsScope(string endpoint, string expected)
    {
        Assert.Equal(expected, JudgeOptions.EntraIdScope(new Uri(endpoint)));
    }
}
