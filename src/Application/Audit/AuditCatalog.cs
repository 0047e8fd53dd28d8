using System.Reflection;
using TenantSessions.Domain.Audit;

namespace TenantSessions.Application.Audit;

/// <summary>Every action an audit event can have (the constants of <see cref="AuditActions"/>) with what the log calls it.</summary>
public static class AuditCatalog
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        [AuditActions.SignedUp] = "Signed up",
        [AuditActions.SignedIn] = "Signed in",
        [AuditActions.SignedOut] = "Signed out",
        [AuditActions.SessionRevoked] = "Session ended",
        [AuditActions.SessionsEndedFromConsole] = "Sessions ended from the console",
        [AuditActions.TokenReplayed] = "Old session cookie replayed (session ended)",
        [AuditActions.Reauthenticated] = "Confirmed their password",
        [AuditActions.TenantSuspended] = "Workspace suspended",
        [AuditActions.TenantReactivated] = "Workspace reactivated",
        [AuditActions.TenantRenamed] = "Workspace renamed",
        [AuditActions.UserBanned] = "Member banned",
        [AuditActions.UserUnbanned] = "Ban lifted",
        [AuditActions.LockoutLifted] = "Lockout lifted",
        [AuditActions.PolicyChanged] = "Session policy changed",
        [AuditActions.PasswordChanged] = "Password changed",
        [AuditActions.PasswordReset] = "Password reset",
        [AuditActions.PasswordResetRequested] = "Password reset requested",
        [AuditActions.EmailVerified] = "E-mail verified",
        [AuditActions.InvitationSent] = "Invitation sent",
        [AuditActions.InvitationCancelled] = "Invitation cancelled",
        [AuditActions.InvitationAccepted] = "Invitation accepted",
        [AuditActions.TwoFactorEnabled] = "Two-factor turned on",
        [AuditActions.TwoFactorDisabled] = "Two-factor turned off",
        [AuditActions.TwoFactorReset] = "Two-factor reset by an admin",
        [AuditActions.RecoveryCodesRegenerated] = "New recovery codes",
        [AuditActions.RecoveryCodeUsed] = "Recovery code used",
        [AuditActions.SecondFactorFailed] = "Wrong second-factor code",
        [AuditActions.PasskeyAdded] = "Passkey added",
        [AuditActions.PasskeyRemoved] = "Passkey removed",
        [AuditActions.TwoFactorRequirementChanged] = "Two-factor requirement changed",
        [AuditActions.AuditRetentionChanged] = "Audit retention changed",
        [AuditActions.UserCreated] = "Person added by an admin",
        [AuditActions.RoleChanged] = "Role changed",
        [AuditActions.NameChanged] = "Name changed",
        [AuditActions.EmailChangeRequested] = "E-mail change requested",
        [AuditActions.EmailChanged] = "E-mail changed",
        [AuditActions.EmailChangeUndone] = "E-mail change undone from the old address",
        [AuditActions.PasswordSetByAdmin] = "Password set by an admin",
        [AuditActions.ImpersonationStarted] = "Support started acting as the person",
        [AuditActions.ImpersonationStopped] = "Support stopped acting as the person",
        [AuditActions.ImpersonationPolicyChanged] = "Impersonation setting changed",
        [AuditActions.AccountDeleted] = "Account deleted",
        [AuditActions.UserRemoved] = "Person removed by an admin",
    };

    /// <summary>Every action constant, in the order <see cref="AuditActions"/> declares them.</summary>
    public static IReadOnlyList<string> Actions { get; } = typeof(AuditActions)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();

    public static bool IsKnown(string action) => Actions.Contains(action, StringComparer.Ordinal);

    /// <summary>What the log shows for the action; an action without a label shows as it is stored.</summary>
    public static string Label(string action) => Labels.GetValueOrDefault(action, action);
}
