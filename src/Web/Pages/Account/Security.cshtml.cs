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
using TenantSessions.Infrastructure.SessionEngine;
using TenantSessions.Web.Authentication;
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

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        Sessions = await Mediator.Send(new ListMySessionsQuery(), cancellationToken);
        Ended = await Mediator.Send(new GetMySessionHistoryQuery(10), cancellationToken);
    }

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public Task<IActionResult> OnPostRevokeAsync(Guid sessionId) =>
        RunAsync(StepUpPrompt.For("Revoke", "sign out that device", Fields(("sessionId", sessionId.ToString()))), async ct =>
        {
            var device = (await Mediator.Send(new ListMySessionsQuery(), ct)).FirstOrDefault(s => s.Id == sessionId);
            var result = await Mediator.Send(new RevokeMySessionCommand(sessionId), ct);
            return Done(result, result.Count == 0 ? "That session had already ended." : $"Signed out {Describe(device)}.");
        });

    public Task<IActionResult> OnPostRevokeOthersAsync() =>
        RunAsync(StepUpPrompt.For("RevokeOthers", "sign out all your other devices"), async ct =>
        {
            var result = await Mediator.Send(new RevokeMyOtherSessionsCommand(), ct);
            return Done(result, result.Count == 0 ? "No other device was signed in." : $"Signed out {Plural(result.Count, "other device", "other devices")}.");
        });

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
        Password = new PasswordInput { SignOutOtherDevices = password.SignOutOtherDevices };
        if (!ModelState.IsValid)
        {
            return await ShowAsync(StatusCodes.Status400BadRequest);
        }

        return await RunAsync(StepUpPrompt.For("ChangePassword", "change your password"), async ct =>
        {
            var command = new ChangePasswordCommand(password.CurrentPassword, password.NewPassword, password.SignOutOtherDevices);
            PasswordChanged changed;
            try
            {
                changed = await Mediator.Send(command, ct);
            }
            catch (SessionErrorException e) when (e.Code == ErrorCodes.SessionNotFresh)
            {
                await ReauthenticateAsync(password.CurrentPassword, ct);
                changed = await Mediator.Send(command, ct);
            }

            await HttpContext.SignInAsync(changed.Session);
            var ended = changed.OtherSessionsEnded.Count;
            return Done(ended == 0 ? "Your password was changed." : $"Your password was changed and {Plural(ended, "other device was", "other devices were")} signed out.");
        });
    }

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
