package dev.pinwheel.client.e2e;

import okhttp3.OkHttpClient;

/** Where the app's traffic goes: the genuine server and a MITM at the same host name, and the app's ordinary HTTP client. */
interface AppEndpoints {

    /** The app's ordinary HTTP client before Pinwheel is installed (its trust store and DNS). */
    OkHttpClient.Builder appHttp();

    String genuineUrl();

    String mitmUrl();
}
