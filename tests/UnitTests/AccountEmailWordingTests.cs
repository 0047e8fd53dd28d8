using TenantSessions.Application.Email;

namespace TenantSessions.UnitTests;

/// <summary>Issue 25 item 7: the e-mails' grammar holds for one session and for a workspace whose name starts with a vowel.</summary>
public sealed class AccountEmailWordingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1, "Alice ended one of your Acme Corp sessions. The device concerned must sign in again.")]
    [InlineData(3, "Alice ended 3 of your Acme Corp sessions. The devices concerned must sign in again.")]
    public void EndedSessionsAreCountedInGoodEnglish(int count, string expected)
    {
        var message = AccountEmails.SessionsEnded(null, "Acme Corp", "bob@acme.test", "Alice", count, "http://acme.localhost/account/security", Now);

        Assert.StartsWith(expected, message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void AWorkspaceWhoseNameStartsWithAVowelIsNeverAfterA()
    {
        var reset = AccountEmails.PasswordResetNoAccount(null, "Acme Corp", "nobody@acme.test", Now);
        var signUp = AccountEmails.SignUpExistingAccount(null, "Initech", "bob@initech.test", "http://initech.localhost/sign-in", Now);

        Assert.Contains("an account in Acme Corp with this e-mail address", reset.TextBody, StringComparison.Ordinal);
        Assert.Contains("an account in Initech with this e-mail address", signUp.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(" a Acme", reset.TextBody + reset.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain(" a Initech", signUp.TextBody + signUp.HtmlBody, StringComparison.Ordinal);
    }
}
