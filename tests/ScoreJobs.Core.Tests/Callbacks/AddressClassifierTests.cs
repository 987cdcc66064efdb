using System.Net;

namespace ScoreJobs.Callbacks;

public sealed class AddressClassifierTests
{
    [Theory]
    [InlineData("8.8.8.8", "Public")]
    [InlineData("52.239.1.1", "Public")]
    [InlineData("172.32.0.1", "Public")]
    [InlineData("100.128.0.1", "Public")]
    [InlineData("2606:4700::1111", "Public")]
    [InlineData("127.0.0.1", "Loopback")]
    [InlineData("127.255.255.254", "Loopback")]
    [InlineData("::1", "Loopback")]
    [InlineData("10.0.0.1", "Private")]
    [InlineData("172.16.0.1", "Private")]
    [InlineData("172.31.255.255", "Private")]
    [InlineData("192.168.1.1", "Private")]
    [InlineData("100.64.0.1", "Private")]
    [InlineData("169.254.169.254", "LinkLocal")]
    [InlineData("fe80::1", "LinkLocal")]
    [InlineData("fc00::1", "UniqueLocal")]
    [InlineData("fd12:3456::1", "UniqueLocal")]
    [InlineData("224.0.0.1", "Multicast")]
    [InlineData("ff02::1", "Multicast")]
    [InlineData("0.0.0.0", "Unspecified")]
    [InlineData("::", "Unspecified")]
    [InlineData("255.255.255.255", "Reserved")]
    [InlineData("0.1.2.3", "Reserved")]
    [InlineData("2001:db8::1", "Reserved")]
    public void Classify_Address_Range(string address, string expected) =>
        Assert.Equal(Enum.Parse<AddressRange>(expected), AddressClassifier.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("::ffff:127.0.0.1", "Loopback")]
    [InlineData("::ffff:10.1.2.3", "Private")]
    [InlineData("::ffff:8.8.8.8", "Public")]
    [InlineData("::10.1.2.3", "Private")]
    [InlineData("64:ff9b::a9fe:a9fe", "LinkLocal")]
    [InlineData("2002:7f00:1::", "Loopback")]
    [InlineData("2002:808:808::", "Public")]
    public void Classify_IPv6CarryingIPv4_JudgedByTheIPv4Address(string address, string expected) =>
        Assert.Equal(Enum.Parse<AddressRange>(expected), AddressClassifier.Classify(IPAddress.Parse(address)));
}
