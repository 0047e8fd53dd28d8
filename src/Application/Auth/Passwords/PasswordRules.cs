using Microsoft.AspNetCore.Identity;

namespace TenantSessions.Application.Auth.Passwords;

/// <summary>Limits every password path shares, so that a password one path accepts is never refused by another.</summary>
public static class PasswordRules
{
    /// <summary>The longest password anyone can set (sign-up, reset, change, a new workspace's admin).</summary>
    public const int MaxLength = 128;

    /// <summary>The rules in one plain sentence, as the forms' hints say them.</summary>
    public const string Sentence = "Use at least 8 characters, with upper and lower case letters, a digit and a symbol.";

    private static readonly HashSet<string> PolicyCodes =
    [
        nameof(IdentityErrorDescriber.PasswordTooShort),
        nameof(IdentityErrorDescriber.PasswordRequiresDigit),
        nameof(IdentityErrorDescriber.PasswordRequiresLower),
        nameof(IdentityErrorDescriber.PasswordRequiresUpper),
        nameof(IdentityErrorDescriber.PasswordRequiresNonAlphanumeric),
        nameof(IdentityErrorDescriber.PasswordRequiresUniqueChars),
    ];

    /// <summary>
    /// Identity's password errors for a person: however many of the composition rules failed, one sentence
    /// (<see cref="Sentence"/>); any other error keeps its own words.
    /// </summary>
    public static IEnumerable<string> Describe(IEnumerable<IdentityError> errors)
    {
        var policy = false;
        foreach (var error in errors)
        {
            if (PolicyCodes.Contains(error.Code))
            {
                if (!policy)
                {
                    policy = true;
                    yield return Sentence;
                }
            }
            else
            {
                yield return error.Description;
            }
        }
    }
}
