using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Passkeys;
using TenantSessions.Application.Passkeys.Commands;
using TenantSessions.Application.Passkeys.Queries;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Sessions;
using TenantSessions.Web.Infrastructure;
using TenantSessions.Web.Pages.Shared;

namespace TenantSessions.Web.Pages.Account;

/// <summary>
/// The signed-in person's passkeys for this workspace: add one (named; needs a fresh session, the browser does the
/// WebAuthn part through <c>js/passkeys.js</c>), see them, remove one (fresh session).
/// </summary>
public sealed class PasskeysModel(
    IMediator mediator, ICurrentSession current, ICurrentTenant tenant, IOptions<SessionEngineOptions> options, TimeProvider clock)
    : SessionPageModel(mediator)
{
    public IReadOnlyList<PasskeySummary> Passkeys { get; private set; } = [];

    public bool IsFresh => current.AuthenticatedAt is { } at && SessionLifetime.IsFresh(at, clock.GetUtcNow(), options.Value.TimeoutsFor(tenant.Tenant));

    public string? ConfirmError { get; private set; }

    protected override async Task LoadAsync(CancellationToken cancellationToken) =>
        Passkeys = await Mediator.Send(new ListMyPasskeysQuery(), cancellationToken);

    /// <summary>The id of the passkey the browser has just registered (<c>js/passkeys.js</c> comes back with <c>?added=</c>).</summary>
    [BindProperty(SupportsGet = true, Name = "added")]
    public string? Added { get; set; }

    /// <summary>How long after a registration its confirmation is still shown (a stale <c>?added=</c> link says nothing).</summary>
    public static readonly TimeSpan AddedConfirmationWindow = TimeSpan.FromMinutes(10);

    public async Task<IActionResult> OnGetAsync()
    {
        if (Added is null)
        {
            return await ShowAsync();
        }

        // Only one of the person's own passkeys, added in the last minutes, is confirmed; then the address loses the id
        // (post/redirect/get), so a reload or a shared link says nothing.
        var passkeys = await Mediator.Send(new ListMyPasskeysQuery(), HttpContext.RequestAborted);
        if (passkeys.FirstOrDefault(p => p.Id == Added) is { } added && clock.GetUtcNow() - added.CreatedAt <= AddedConfirmationWindow)
        {
            Flash = $"The passkey \u201c{added.Name}\u201d was added. You can sign in with it on this workspace.";
        }

        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostConfirmAsync([FromForm] string? password)
    {
        try
        {
            await ReauthenticateAsync(password ?? "", HttpContext.RequestAborted);
        }
        catch (RefusalException e) when (ErrorStatus.Of(e) != StatusCodes.Status401Unauthorized)
        {
            ConfirmError = e.Message;
            return await ShowAsync(ErrorStatus.Of(e));
        }

        return Done("Confirmed. You can add a passkey now.");
    }

    public Task<IActionResult> OnPostRemoveAsync([FromForm] string? id) =>
        ConfirmThenRunAsync(
            async ct => (await Mediator.Send(new ListMyPasskeysQuery(), ct)).FirstOrDefault(p => p.Id == id) is { } passkey
                ? ConfirmPrompt.RemovePasskey(passkey.Id, passkey.Name)
                : throw new NotFoundException("You have no such passkey."),
            StepUpPrompt.For("Remove", "remove this passkey", Fields(("id", id ?? ""))), async ct =>
        {
            await Mediator.Send(new RemovePasskeyCommand(id ?? ""), ct);
            return await DoneAfterFactorChangeAsync("The passkey was removed. It can't be used to sign in any more.", ct);
        });
}
