using TenantSessions.Application.Common.Validation;

namespace TenantSessions.UnitTests;

/// <summary>The one address rule (security case 29): bounded, printable ASCII, and exactly what MimeKit reads as one address.</summary>
public sealed class EmailAddressesTests
{
    [Theory]
    [InlineData("bob@acme.test")]
    [InlineData("  bob@acme.test  ")]
    [InlineData("first.last+tag@sub.acme.test")]
    [InlineData("o'brien@acme.test")]
    [InlineData("someone@xn--bcher-kva.example")]
    public void AcceptsOrdinaryAddresses(string address) => Assert.True(EmailAddresses.IsValid(address));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("bob")]
    [InlineData("@acme.test")]
    [InlineData("bob@")]
    [InlineData("bob@acme")]
    [InlineData("bob@acme.test.")]
    [InlineData("bob@-acme.test")]
    [InlineData("bob@acme..test")]
    [InlineData("bob@@acme.test")]
    [InlineData("bob@[127.0.0.1]")]
    [InlineData("<b>x</b>@acme.test")]
    [InlineData("a b@acme.test")]
    [InlineData("a\u0000b@acme.test")]
    [InlineData("a\tb@acme.test")]
    [InlineData("Bob <bob@acme.test>")]
    [InlineData("\u0430lice@acme.test")]
    [InlineData("al\u200Bice@acme.test")]
    [InlineData("alice@\u0430cme.test")]
    [InlineData("alice@b\u00FCcher.example")]
    public void RefusesWhatCouldNotBeSentToOrLooksLikeAnother(string address) => Assert.False(EmailAddresses.IsValid(address));

    [Fact]
    public void RefusesOverlongAddressesAndLocalParts()
    {
        var local64 = new string('a', 64);
        var domain = string.Join('.', Enumerable.Repeat(new string('d', 60), 3)) + ".test";

        Assert.True(EmailAddresses.IsValid($"{local64}@{domain}"));
        Assert.False(EmailAddresses.IsValid($"a{local64}@acme.test"));
        Assert.False(EmailAddresses.IsValid($"{local64}@{domain}.xyz"));
        Assert.False(EmailAddresses.IsValid(new string('a', 20_000_000) + "@acme.test"));
        Assert.False(EmailAddresses.IsValid(null));
    }
}
