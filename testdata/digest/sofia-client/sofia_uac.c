/* A SIP user agent made of Debian's sofia-sip (the stack FreeSWITCH registers to trunks with):
 * for each USER:PASSWORD given, one handle REGISTERs to the server and then sends a MESSAGE
 * with a text body, answering every 401/407 with sofia-sip's own Digest client (nua_authenticate);
 * destroying the handle then un-REGISTERs. The hashes in the capture are sofia-sip's, not ours.
 *   sofia_uac SERVER-URI LOCAL-URI USER:PASSWORD...
 * Prints one line per final answer, "USER METHOD STATUS", or "USER cannot authenticate: ..." when
 * sofia-sip finds no challenge it can answer. */
#include <sofia-sip/msg_header.h>
#include <sofia-sip/nua.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/su.h>
#include <sofia-sip/su_tag.h>

#include <stdio.h>
#include <string.h>

typedef struct {
    su_root_t* root;
    nua_t* nua;
    char const* server;
    char** users;
    int count;
    int next;
    int sent_message;
    char user[64];
    char password[64];
} uac_t;

static void start_next(uac_t* uac);

static void answer_challenge(uac_t* uac, nua_handle_t* nh, sip_t const* sip) {
    msg_auth_t const* challenge = sip->sip_www_authenticate;
    if (challenge == NULL)
        challenge = sip->sip_proxy_authenticate;
    char const* realm = challenge ? msg_params_find(challenge->au_params, "realm=") : NULL;
    char auth[256];
    snprintf(auth, sizeof auth, "%s:%s:%s:%s", challenge ? challenge->au_scheme : "Digest",
             realm ? realm : "\"\"", uac->user, uac->password);
    nua_authenticate(nh, NUTAG_AUTH(auth), TAG_END());
}

static void send_message(uac_t* uac, nua_handle_t* nh) {
    char text[128];
    snprintf(text, sizeof text, "Hello from %s, sent with sofia-sip.\r\n", uac->user);
    uac->sent_message = 1;
    nua_message(nh, NUTAG_URL(uac->server), SIPTAG_CONTENT_TYPE_STR("text/plain"),
                SIPTAG_PAYLOAD_STR(text), TAG_END());
}

static void on_event(nua_event_t event, int status, char const* phrase, nua_t* nua,
                     nua_magic_t* magic, nua_handle_t* nh, nua_hmagic_t* hmagic, sip_t const* sip,
                     tagi_t tags[]) {
    uac_t* uac = (uac_t*)magic;
    (void)nua;
    (void)hmagic;
    (void)tags;
    if (event == nua_r_shutdown) {
        if (status >= 200)
            su_root_break(uac->root);
        return;
    }
    if (event == nua_r_authenticate && status >= 300) {
        /* sofia-sip found no challenge it can answer: the request stays unanswered. */
        printf("%s cannot authenticate: %d %s\n", uac->user, status, phrase);
        fflush(stdout);
        nua_handle_destroy(nh);
        start_next(uac);
        return;
    }
    if (event != nua_r_register && event != nua_r_message)
        return;
    if ((status == 401 || status == 407) && sip != NULL && nh != NULL) {
        answer_challenge(uac, nh, sip);
        return;
    }
    if (status < 200)
        return;
    printf("%s %s %d\n", uac->user, event == nua_r_register ? "REGISTER" : "MESSAGE", status);
    fflush(stdout);
    if (event == nua_r_register && status < 300 && !uac->sent_message) {
        send_message(uac, nh);
        return;
    }
    nua_handle_destroy(nh);
    start_next(uac);
}

static void start_next(uac_t* uac) {
    if (uac->next >= uac->count) {
        nua_shutdown(uac->nua);
        return;
    }
    char const* entry = uac->users[uac->next++];
    char const* colon = strchr(entry, ':');
    snprintf(uac->user, sizeof uac->user, "%.*s", colon ? (int)(colon - entry) : 0, entry);
    snprintf(uac->password, sizeof uac->password, "%s", colon ? colon + 1 : "");
    uac->sent_message = 0;
    char aor[128];
    snprintf(aor, sizeof aor, "sip:%s@127.0.0.1", uac->user);
    nua_handle_t* nh =
        nua_handle(uac->nua, NULL, SIPTAG_TO_STR(aor), SIPTAG_FROM_STR(aor), TAG_END());
    nua_register(nh, NUTAG_REGISTRAR(uac->server), NUTAG_M_USERNAME(uac->user), TAG_END());
}

int main(int argc, char** argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s SERVER-URI LOCAL-URI USER:PASSWORD...\n", argv[0]);
        return 2;
    }
    uac_t uac = {0};
    uac.server = argv[1];
    uac.users = argv + 3;
    uac.count = argc - 3;
    su_init();
    uac.root = su_root_create(&uac);
    /* No outbound (RFC 5626) probes: only the requests the capture is about. */
    uac.nua = nua_create(uac.root, on_event, &uac, NUTAG_URL(argv[2]),
                         NUTAG_OUTBOUND("no-outbound no-validate no-options-keepalive"),
                         SIPTAG_USER_AGENT_STR("sofia-sip/1.12.11 sipaudit-sofia-uac"), TAG_END());
    if (uac.nua == NULL) {
        fprintf(stderr, "cannot create the user agent on %s\n", argv[2]);
        return 1;
    }
    start_next(&uac);
    su_root_run(uac.root);
    nua_destroy(uac.nua);
    su_root_destroy(uac.root);
    su_deinit();
    return 0;
}
