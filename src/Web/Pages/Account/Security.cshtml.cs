using TenantSessions.Application.Passkeys.Queries;
using TenantSessions.Application.SecondFactors.Queries.GetTwoFactorStatus;
using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Sessions;
using TenantSessions.Application.Sessions.Commands.ChangePassword;
using TenantSessions.Application.Sessions.Commands.RevokeAllMySessions;
using TenantSessions.Application.Sessions.Commands.RevokeMyOtherSessions;
using TenantSessions.Application.Sessions.Commands.RevokeMySession;
using TenantSessions.Application.Sessions.Queries.GetMySessionHistory;
using TenantSessions.Application.Sessions.Queries.ListMySessions;
using TenantSessions.Domain.Sessions;
using TenantSessions.Infrastructure.SessionEngine.Authentication;
using TenantSessions.Web.Pages.Shared;

namespace TenantSessions.Web.Pages.Account;

public sealed class SecurityModel(
    IMediator mediator, ICurrentSession current, ICurrentTenant tenant, IOptions<SessionEngineOptions> options)
    : SessionPageModel(mediator)
{
    public IReadOnlyList<SessionSummary> Sessions { get; private set; } = [];

    public IReadOnlyList<EndedSession> Ended { get; private set; } = [];

    public PasswordInput Password { get; private set; } = new();

    public Guid? ViewerId => current.UserId;

    public int OtherSessions => Sessions.Count(s => !s.IsCurrent);

    public TimeSpan FreshAge => options.Value.TimeoutsFor(tenant.Tenant).FreshAge;

    public TwoFactorStatus TwoFactor { get; private set; } = new(false, 0, false);

    public int PasskeyCount { get; private set; }

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        Sessions = await Mediator.Send(new ListMySessionsQuery(), cancellationToken);
        Ended = await Mediator.Send(new GetMySessionHistoryQuery(10), cancellationToken);
        TwoFactor = await Mediator.Send(new GetTwoFactorStatusQuery(), cancellationToken);
        PasskeyCount = (await Mediator.Send(new ListMyPasskeysQuery(), cancellationToken)).Count;
    }

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public Task<IActionResult> OnPostRevokeAsync(Guid sessionId) =>
        ConfirmThenRunAsync(
            async ct => ConfirmPrompt.SignOutDevice(await OwnSessionAsync(sessionId, ct)),
            StepUpPrompt.For("Revoke", "sign out that device", Fields(("sessionId", sessionId.ToString()))), async ct =>
        {
            var device = (await Mediator.Send(new ListMySessionsQuery(), ct)).FirstOrDefault(s => s.Id == sessionId);
            var result = await Mediator.Send(new RevokeMySessionCommand(sessionId), ct);
            return Done(result, result.Count == 0 ? "That session had already ended." : $"Signed out {Describe(device)}.");
        });

    /// <summary>What "Sign out all other devices" will do: the other devices, named.</summary>
    public ConfirmPrompt SignOutOthers => ConfirmPrompt.SignOutOtherDevices(Sessions.Where(s => !s.IsCurrent).ToList());

    public Task<IActionResult> OnPostRevokeOthersAsync() =>
        ConfirmThenRunAsync(
            async ct => ConfirmPrompt.SignOutOtherDevices((await Mediator.Send(new ListMySessionsQuery(), ct)).Where(s => !s.IsCurrent).ToList()),
            StepUpPrompt.For("RevokeOthers", "sign out all your other devices"), async ct =>
        {
            var others = (await Mediator.Send(new ListMySessionsQuery(), ct)).Where(s => !s.IsCurrent).ToList();
            var result = await Mediator.Send(new RevokeMyOtherSessionsCommand(), ct);
            return Done(result, result.Count == 0
                ? "No other device was signed in."
                : result.Count == others.Count ? $"Signed out {ConfirmPrompt.Devices(others)}." : $"Signed out {Plural(result.Count, "other device", "other devices")}.");
        });

    private async Task<SessionSummary> OwnSessionAsync(Guid sessionId, CancellationToken cancellationToken) =>
        (await Mediator.Send(new ListMySessionsQuery(), cancellationToken)).FirstOrDefault(s => s.Id == sessionId)
        ?? throw new NotFoundException("You have no session with this id.");

    /// <summary>What "Sign out everywhere" will do, counted when the page is shown (the dialog) or posted (no JavaScript).</summary>
    public ConfirmPrompt SignOutEverywhere => ConfirmPrompt.SignOutEverywhere(Sessions.Count);

    public Task<IActionResult> OnPostSignOutEverywhereAsync() =>
        ConfirmThenRunAsync(
            async ct => ConfirmPrompt.SignOutEverywhere((await Mediator.Send(new ListMySessionsQuery(), ct)).Count),
            StepUpPrompt.For("SignOutEverywhere", "sign out everywhere"), async ct =>
        {
            var result = await Mediator.Send(new RevokeAllMySessionsCommand(), ct);
            return Redirect($"/sign-in?reason={RevokeReasons.SignedOut}&devices={result.Count}");
        });

    public async Task<IActionResult> OnPostChangePasswordAsync([FromForm(Name = "Password")] PasswordInput password)
    {
        if (!ModelState.IsValid)
        {
            Password = Kept(password);
            return await ShowAsync(StatusCodes.Status400BadRequest);
        }

        var result = await RunAsync(StepUpPrompt.For("ChangePassword", "change your password"), async ct =>
        {
            var command = new ChangePasswordCommand(password.CurrentPassword, password.NewPassword, password.SignOutOtherDevices);
            PasswordChanged changed;
            try
            {
                try
                {
                    changed = await Mediator.Send(command, ct);
                }
                catch (RefusalException e) when (e.Code == ErrorCodes.SessionNotFresh)
                {
                    await ReauthenticateAsync(password.CurrentPassword, ct);
                    changed = await Mediator.Send(command, ct);
                }
            }
            catch (RefusalException e) when (e.Code == ErrorCodes.InvalidPassword)
            {
                ModelState.AddModelError("Password.CurrentPassword", e.Message);
                return await ShowAsync(StatusCodes.Status400BadRequest);
            }

            await HttpContext.SignInAsync(changed.Session);
            var ended = changed.OtherSessionsEnded.Count;
            return Done(ended == 0 ? "Your password was changed." : $"Your password was changed and {Plural(ended, "other device was", "other devices were")} signed out.");
        });
        Password = Kept(password);
        return result;
    }

    /// <summary>
    /// What the form shows again after a refusal: the "sign out my other devices" choice, never a password (secrets are
    /// never written into a response). With JavaScript the form is posted by <c>password-form.js</c>, which keeps what
    /// was typed in the browser and shows this answer's errors beside the fields (ADR-023).
    /// </summary>
    private static PasswordInput Kept(PasswordInput posted) => new() { SignOutOtherDevices = posted.SignOutOtherDevices };

    /// <summary>The first field of the password form with an error, which takes the focus.</summary>
    public string? FirstPasswordError =>
        new[] { "CurrentPassword", "NewPassword", "ConfirmPassword" }
            .FirstOrDefault(f => ModelState.TryGetValue($"Password.{f}", out var entry) && entry.Errors.Count > 0);

    protected override string FieldFor(string property) => property.ToUpperInvariant() switch
    {
        "CURRENTPASSWORD" => "Password.CurrentPassword",
        "NEWPASSWORD" => "Password.NewPassword",
        _ => "",
    };

    private static string Describe(SessionSummary? session) =>
        session is null ? "that device" : session.IpAddress is { } ip ? $"{session.DeviceLabel} ({ip})" : session.DeviceLabel;

    public sealed class PasswordInput
    {
        [Required(ErrorMessage = "Enter your current password.")]
        public string CurrentPassword { get; set; } = "";

        [Required(ErrorMessage = "Choose a new password.")]
        public string NewPassword { get; set; } = "";

        [Required(ErrorMessage = "Type the new password a second time.")]
        [Compare(nameof(NewPassword), ErrorMessage = "The two new passwords are not the same.")]
        public string ConfirmPassword { get; set; } = "";

        public bool SignOutOtherDevices { get; set; } = true;
    }
}
