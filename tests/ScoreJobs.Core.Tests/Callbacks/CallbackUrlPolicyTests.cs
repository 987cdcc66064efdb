using Microsoft.Extensions.Options;

namespace ScoreJobs.Callbacks;

public sealed class CallbackUrlPolicyTests
{
    private static CallbackUrlPolicy CreateSut(string? allowedHosts = null, string? secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") =>
        new(Options.Create(new CallbackOptions { Secret = secret, AllowedHosts = allowedHosts }));

    [Theory]
    [InlineData("https://hooks.example.com/scorejobs")]
    [InlineData("https://hooks.example.com:8443/x?token=abc")]
    [InlineData("https://8.8.8.8/x")]
    [InlineData("https://[2606:4700::1111]/x")]
    public void Check_PublicHttps_Allowed(string url) => Assert.Null(CreateSut().Check(url));

    [Theory]
    [InlineData("http://hooks.example.com/x", "must use https")]
    [InlineData("hooks.example.com/x", "absolute https URL")]
    [InlineData("file:///etc/passwd", "absolute https URL")]
    [InlineData("https://user:pw@hooks.example.com/x", "user name or password")]
    [InlineData("https://10.0.0.1/x", "10.0.0.1, a private address")]
    [InlineData("https://2130706433/x", "not a dotted-decimal IPv4 address (octal, hex, leading zeros, fewer than four parts or one integer; it would be read as 127.0.0.1")]
    [InlineData("https://0x7f.1/x", "it would be read as 127.0.0.1")]
    [InlineData("https://0127.0.0.1/x", "it would be read as 87.0.0.1")]
    [InlineData("https://[::ffff:169.254.169.254]/x", "a link-local address")]
    [InlineData("https://[fd00::1]/x", "a unique-local address")]
    [InlineData("https://0.0.0.0/x", "the unspecified address")]
    [InlineData("https://LocalHost./x", "a loopback name")]
    [InlineData("https://dify.localhost/x", "a loopback name")]
    public void Check_Forbidden_SaysWhy(string url, string reason) => Assert.Contains(reason, CreateSut().Check(url));

    [Fact]
    public void Check_NoSecret_CallbacksOffNamingTheSetting() =>
        Assert.Contains("ScoreJobs__Callbacks__Secret", CreateSut(secret: " ").Check("https://hooks.example.com/x"));

    [Fact]
    public void Check_TooLong_Refused() =>
        Assert.Contains("at most", CreateSut().Check("https://hooks.example.com/" + new string('a', CallbackUrlPolicy.MaxUrlLength)));

    [Theory]
    [InlineData("http://dify-api:5001/hook", "dify-api")]
    [InlineData("http://10.1.2.3:8080/hook", "10.1.2.3")]
    [InlineData("https://[::1]/hook", " [::1] ")]
    [InlineData("http://DIFY.internal./hook", "other.example.com, dify.internal")]
    public void Check_AllowedHost_HttpAndPrivateAddressesAllowed(string url, string allowedHosts) =>
        Assert.Null(CreateSut(allowedHosts).Check(url));

    [Fact]
    public void Check_AllowedHostListed_OthersStillRefused() =>
        Assert.Contains("a private address", CreateSut("10.1.2.3").Check("https://10.1.2.4/x"));
}
