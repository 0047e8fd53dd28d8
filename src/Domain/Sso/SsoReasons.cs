namespace TenantSessions.Domain.Sso;

/// <summary>The revoke reasons and audit actions single sign-on adds.</summary>
public static class SsoReasons
{
    /// <summary>A session ended because the IdP said its session ended (back-channel logout).</summary>
    public const string IdpLogout = "IDP_LOGOUT";

    /// <summary>A session ended because the connection it was signed in through was removed.</summary>
    public const string ConnectionRemoved = "SSO_CONNECTION_REMOVED";

    public const string ConnectionAdded = "tenant.sso_connection_added";
    public const string ConnectionChanged = "tenant.sso_connection_changed";
    public const string ConnectionDeleted = "tenant.sso_connection_deleted";
    public const string MemberProvisioned = "user.sso_provisioned";
    public const string AccountLinked = "user.sso_linked";
    public const string DomainVerificationRequested = "tenant.sso_domain_verification_requested";
    public const string DomainVerified = "tenant.sso_domain_verified";
    public const string SsoRequirementChanged = "tenant.sso_requirement_changed";
    public const string BackchannelLogout = "session.idp_logout";
}
