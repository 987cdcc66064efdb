namespace ScoreJobs.Callbacks;

public sealed class CallbackOptionsValidatorTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    public void Validate_UnsetOrWellFormedSecret_Succeeds(string? secret) =>
        Assert.True(new CallbackOptionsValidator().Validate(null, new CallbackOptions { Secret = secret, AllowedHosts = "dify-api, 10.0.0.5, ::1" }).Succeeded);

    [Theory]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    [InlineData("whsec_not base64!")]
    [InlineData("whsec_c2hvcnQ=")]
    public void Validate_MalformedSecret_FailsNamingTheSettingWithoutTheValue(string secret)
    {
        var result = new CallbackOptionsValidator().Validate(null, new CallbackOptions { Secret = secret });

        Assert.True(result.Failed);
        Assert.Contains("ScoreJobs__Callbacks__Secret", result.FailureMessage);
        Assert.DoesNotContain(secret, result.FailureMessage);
    }

    [Fact]
    public void Validate_AllowedHostsNotHosts_FailsNamingTheSetting() =>
        Assert.Contains("ScoreJobs__Callbacks__AllowedHosts", new CallbackOptionsValidator().Validate(null, new CallbackOptions { AllowedHosts = "ok-host, http://x/y" }).FailureMessage);
}
