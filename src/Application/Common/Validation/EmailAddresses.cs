using FluentValidation;
using MimeKit;

namespace TenantSessions.Application.Common.Validation;

/// <summary>
/// The one rule for an e-mail address typed by someone (sign-in, sign-up, reset, verification, invitation, a new
/// workspace's admin), applied at the door by every command that takes one, before anything is looked up or kept.
/// <list type="bullet">
/// <item>Bounded: at most <see cref="MaxLength"/> characters (RFC 5321's path less its angle brackets), the local part at
/// most 64; a longer value is refused before it is trimmed, upper-cased or hashed.</item>
/// <item>Printable ASCII only. That refuses every look-alike (a Cyrillic <c>а</c> in <c>аlice</c>) and every invisible
/// character (a zero-width space, a NUL) in one stroke; an internationalised domain is accepted in its IDNA A-label form
/// (<c>xn--…</c>), which is shown as it is, never as the look-alike it may decode to.</item>
/// <item>What MimeKit, which sends our mail, reads as exactly this one address and no display name, so an address that
/// passes here can always be sent to (<c>&lt;b&gt;x&lt;/b&gt;@acme.test</c> and <c>a b@acme.test</c> are refused).</item>
/// </list>
/// </summary>
public static class EmailAddresses
{
    public const int MaxLength = 254;

    public const int MaxLocalPartLength = 64;

    public const string InvalidMessage = "Enter a valid e-mail address.";

    /// <summary>True when <paramref name="value"/>, trimmed, is an address we accept (see the type's summary).</summary>
    public static bool IsValid(string? value)
    {
        if (value is null || value.Length > MaxLength + 64)
        {
            return false;
        }

        var address = value.AsSpan().Trim();
        if (address.Length is 0 or > MaxLength)
        {
            return false;
        }

        foreach (var c in address)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }

        var at = address.LastIndexOf('@');
        if (at is <= 0 || at > MaxLocalPartLength || at == address.Length - 1 || !IsDomain(address[(at + 1)..]))
        {
            return false;
        }

        var text = address.ToString();
        return MailboxAddress.TryParse(ParserOptions.Default, text, out var mailbox)
            && string.IsNullOrEmpty(mailbox.Name)
            && string.Equals(mailbox.GetAddress(idnEncode: true), text, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Host names only (no address literals): at least two dot-separated labels of letters, digits and inner hyphens.</summary>
    private static bool IsDomain(ReadOnlySpan<char> domain)
    {
        if (domain.Length > 253 || domain.IndexOf('.') <= 0 || domain[^1] == '.')
        {
            return false;
        }

        foreach (var range in domain.Split('.'))
        {
            var label = domain[range];
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>The rule as a FluentValidation rule: <paramref name="emptyMessage"/> when nothing was typed, <see cref="InvalidMessage"/> otherwise.</summary>
    public static IRuleBuilderOptions<T, string> ValidEmailAddress<T>(this IRuleBuilderInitial<T, string> rule, string emptyMessage) =>
        rule.Cascade(CascadeMode.Stop)
            .Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage(emptyMessage)
            .Must(IsValid).WithMessage(InvalidMessage);
}
