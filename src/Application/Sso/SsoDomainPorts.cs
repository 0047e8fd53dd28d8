namespace TenantSessions.Application.Sso;

/// <summary>Reads TXT records from the resolver configured for domain checks (<c>Sso:DnsServers</c>; DnsClient in Infrastructure).</summary>
public interface IDnsTxtResolver
{
    /// <summary>
    /// The TXT strings at <paramref name="name"/> (each record's strings joined); empty when the name or its TXT records
    /// do not exist. Throws <see cref="DnsUnavailableException"/> when no resolver answered (timeout, refused, server failure).
    /// </summary>
    Task<IReadOnlyList<string>> TxtAsync(string name, CancellationToken cancellationToken);
}

/// <summary>The resolver did not answer, so nothing can be said about the record.</summary>
public sealed class DnsUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

public static class SsoDomainErrors
{
    /// <summary>Better Auth's: the record is missing or says something else (502, as Better Auth answers).</summary>
    public const string VerificationFailed = "DOMAIN_VERIFICATION_FAILED";

    /// <summary>The resolver could not be asked (502 too, with another message).</summary>
    public const string DnsUnavailable = "DOMAIN_DNS_UNAVAILABLE";

    /// <summary>Better Auth's: already verified (409).</summary>
    public const string AlreadyVerified = "DOMAIN_VERIFIED";

    /// <summary>Better Auth's: verify-domain without a pending request (404).</summary>
    public const string NoPendingVerification = "NO_PENDING_VERIFICATION";

    /// <summary>Better Auth's: the record's first label would exceed 63 characters (a long provider id).</summary>
    public const string IdentifierTooLong = "IDENTIFIER_TOO_LONG";

    /// <summary>Password sign-in, reset or sign-up of an address the workspace signs in through its IdP (403).</summary>
    public const string SsoRequired = "SSO_REQUIRED";
}

/// <summary>One TXT record to publish: on <see cref="Name"/>, the value <see cref="Value"/>.</summary>
public sealed record DomainTxtRecord(string Domain, string Name, string Value);

/// <summary>What the admin publishes; the token is Better Auth's <c>domainVerificationToken</c>.</summary>
public sealed record DomainVerificationChallenge(string Token, IReadOnlyList<DomainTxtRecord> Records, DateTimeOffset ExpiresAt);
