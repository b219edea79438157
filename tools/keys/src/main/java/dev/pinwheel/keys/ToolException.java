package dev.pinwheel.keys;

/** A refusal or failure the tool reports in one line (exit status 1). Never carries secrets. */
class ToolException extends RuntimeException {

    ToolException(String message) {
        super(message, null, false, false);
    }
}
