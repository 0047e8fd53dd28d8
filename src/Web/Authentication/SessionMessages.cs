using TenantSessions.Application.Auth;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Models;
using TenantSessions.Application.SecondFactors;
using TenantSessions.Domain.Scim;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Sso;

namespace TenantSessions.Web.Authentication;

/// <summary>What we tell a person whose session ended, by failure code or revoke reason.</summary>
public static class SessionMessages
{
    /// <param name="idleTimeout">The idle timeout in force for the tenant, quoted when the session ended for it.</param>
    public static string For(string code, string? revokeReason, TenantInfo? tenant, TimeSpan? idleTimeout = null) => (revokeReason ?? code) switch
    {
        RevokeReasons.IdleTimeout or ErrorCodes.IdleTimeout => idleTimeout is { } idle
            ? $"You were signed out after {Pages.Shared.Durations.Describe(idle)} of inactivity. Sign in again to continue."
            : "You were signed out after a period of inactivity. Sign in again to continue.",
        RevokeReasons.TenantSuspended or ErrorCodes.TenantSuspended when tenant is { IsActive: false } => TenantErrors.SuspendedMessage(tenant),
        RevokeReasons.TenantSuspended or ErrorCodes.TenantSuspended when tenant is not null => $"Your session ended when {tenant.Name} was suspended. Sign in again.",
        RevokeReasons.TenantSuspended or ErrorCodes.TenantSuspended => "This workspace is suspended.",
        RevokeReasons.SignedOut => "You signed out.",
        RevokeReasons.RevokedByUser => "Your session was ended from another of your devices.",
        RevokeReasons.RevokedByAdmin => "Your session was ended by an administrator.",
        RevokeReasons.RevokedByPlatform => "Your session was ended by the platform's administrators.",
        RevokeReasons.ConcurrencyLimit => "You signed in on another device, and this workspace limits how many devices can be signed in at once.",
        RevokeReasons.PasswordChanged => "Your password was changed, so this session was ended.",
        RevokeReasons.PasswordReset => "Your password was reset with a link sent by e-mail, so every session of your account was ended. Sign in with the new password.",
        RevokeReasons.UserLocked => "An administrator of this workspace has banned your account.",
        RevokeReasons.ImpersonationEnded => "The administrator stopped acting as this person.",
        RevokeReasons.AccountDeleted => "This account was deleted.",
        RevokeReasons.TokenReplay => "This session was ended because an old copy of its cookie was used, which usually means it was copied. Sign in again, and check the e-mail we sent you.",
        RevokeReasons.WorkspacePolicy => "Your session ended because the workspace's session policy changed. Sign in again.",
        SsoReasons.IdpLogout => "You signed out at your identity provider, so your session here ended too.",
        SsoReasons.ConnectionRemoved => "Your session ended because the workspace removed the identity provider you signed in with.",
        ScimReasons.Deactivated => "Your organisation's directory deactivated your account, so every session of it ended.",
        "WORKSPACE_CREATED" => "Your workspace is ready. Sign in with the e-mail and password you chose.",
        ErrorCodes.SessionExpired => "Your session expired. Please sign in again.",
        ErrorCodes.SessionRevoked => "Your session was ended.",
        SecondFactorErrors.InvalidTwoFactorCookie => "Your sign-in took too long or was already finished. Enter your password again.",
        _ => "Sign in to continue.",
    };

    /// <summary>How a session history names the way a session ended (a <see cref="RevokeReasons"/> value or <c>EXPIRED</c>).</summary>
    public static string Ended(string reason) => reason switch
    {
        RevokeReasons.SignedOut => "Signed out",
        RevokeReasons.RevokedByUser => "Ended from another device",
        RevokeReasons.RevokedByAdmin => "Ended by an administrator",
        RevokeReasons.RevokedByPlatform => "Ended by the platform's administrators",
        RevokeReasons.TenantSuspended => "Workspace suspended",
        RevokeReasons.ConcurrencyLimit => "Too many devices signed in",
        RevokeReasons.PasswordChanged => "Password changed",
        RevokeReasons.PasswordReset => "Password reset",
        RevokeReasons.UserLocked => "Account disabled",
        RevokeReasons.ImpersonationEnded => "An administrator stopped acting as you",
        RevokeReasons.AccountDeleted => "Account deleted",
        RevokeReasons.Expired => "Expired",
        RevokeReasons.WorkspacePolicy => "Workspace session policy changed",
        RevokeReasons.IdleTimeout => "Signed out after inactivity",
        RevokeReasons.TokenReplay => "Ended: an old copy of its cookie was used",
        SsoReasons.IdpLogout => "Signed out at the identity provider",
        SsoReasons.ConnectionRemoved => "Identity provider removed",
        ScimReasons.Deactivated => "Deactivated in the directory",
        _ => "Ended",
    };

    /// <summary>Who ended a session that no person ended.</summary>
    public static string EndedBy(string reason) => reason switch
    {
        RevokeReasons.WorkspacePolicy or RevokeReasons.ConcurrencyLimit or RevokeReasons.IdleTimeout => "Workspace policy",
        SsoReasons.IdpLogout => "Identity provider",
        RevokeReasons.TokenReplay => "Security check",
        ScimReasons.Deactivated => ScimReasons.Actor,
        _ => "—",
    };
}
