namespace TenantSessions.Domain.Scim;

/// <summary>The revoke reason, audit actions and actor name SCIM provisioning adds.</summary>
public static class ScimReasons
{
    /// <summary>Every session of a member ended because the workspace's directory deactivated or deleted them.</summary>
    public const string Deactivated = "DIRECTORY_DEACTIVATED";

    /// <summary>Who the history and the audit log name for what the directory did.</summary>
    public const string Actor = "Directory (SCIM)";

    public const string TokenCreated = "tenant.scim_token_created";
    public const string TokenRotated = "tenant.scim_token_rotated";
    public const string TokenRevoked = "tenant.scim_token_revoked";
    public const string UserProvisioned = "user.scim_provisioned";
    public const string UserUpdated = "user.scim_updated";
    public const string UserDeactivated = "user.scim_deactivated";
    public const string UserReactivated = "user.scim_reactivated";
    public const string UserDeleted = "user.scim_deleted";
}
