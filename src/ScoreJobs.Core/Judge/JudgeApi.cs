namespace ScoreJobs.Judge;

/// <summary>The shape of the judge endpoint's API, which decides the client library and the URLs.</summary>
internal enum JudgeApi
{
    /// <summary>OpenAI and OpenAI-compatible servers: <c>{endpoint}/chat/completions</c>, key as a bearer token.</summary>
    OpenAI,

    /// <summary>Azure OpenAI's v1 API: <c>.../openai/v1/chat/completions</c>, no api-version, key in <c>api-key</c>.</summary>
    AzureV1,

    /// <summary>Classic Azure OpenAI: <c>{resource}/openai/deployments/{deployment}/chat/completions?api-version=</c>.</summary>
    AzureDeployments,
}
